#include "store/identifiable_export.h"

namespace mimic::store {

std::optional<ExportPurpose> parseExportPurpose(std::string_view text) {
    if (text == "parents") return ExportPurpose::kParents;
    if (text == "training") return ExportPurpose::kTraining;
    return std::nullopt;
}

ConsentScope consentScopeFor(ExportPurpose purpose) {
    return purpose == ExportPurpose::kParents ? ConsentScope::kShareWithParents
                                              : ConsentScope::kTrainingUse;
}

std::optional<std::string> identifiableExportRefusal(crypto::Role role, std::string_view child_code,
                                                     const std::vector<Consent>& consents,
                                                     ExportPurpose purpose,
                                                     std::string_view now_iso) {
    if (role < crypto::Role::kTherapist) {
        return "observers may not export pictures or sound of a child; a therapist may, with "
               "the family's consent";
    }
    const ConsentScope scope = consentScopeFor(purpose);
    const ConsentState state = consentStateAt(consents, scope, now_iso);
    if (state == ConsentState::kCurrent) return std::nullopt;
    const char* why = state == ConsentState::kRevoked   ? "it was revoked"
                      : state == ConsentState::kExpired ? "it has expired"
                                                        : "none is on file";
    return "child " + std::string(child_code) + " has no current " +
           std::string(consentScopeName(scope)) + " consent (" + why +
           "): nothing of the child's pictures or sound may leave the data folder";
}

}  // namespace mimic::store
