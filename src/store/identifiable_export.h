// Whether pictures or sound of a child may leave the data folder (docs/privacy.md,
// "Identifiable exports"): a recording, or a still of one. Observers never export them;
// therapists and admins only with a current consent for the purpose: share-with-parents to
// give them to the family, training-use for training and supervision. A plain folder has no
// users: there the person counts as a therapist.
//
// Threads: any; a pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/key_file.h"
#include "store/clinical_repository.h"

namespace mimic::store {

enum class ExportPurpose { kParents, kTraining };

// "parents", "training"; nullopt for any other text.
std::optional<ExportPurpose> parseExportPurpose(std::string_view text);
ConsentScope consentScopeFor(ExportPurpose purpose);

// nullopt when allowed; otherwise one line for a person saying what is missing, e.g. "child
// c-7 has no current share-with-parents consent (it was revoked)". `consents` newest first
// (as listConsents gives them).
std::optional<std::string> identifiableExportRefusal(crypto::Role role, std::string_view child_code,
                                                     const std::vector<Consent>& consents,
                                                     ExportPurpose purpose,
                                                     std::string_view now_iso);

}  // namespace mimic::store
