// The rule for pictures and sound of a child leaving the data folder: roles, purposes and
// every state of a consent.
#include "store/identifiable_export.h"

#include <gtest/gtest.h>

namespace mimic::store {
namespace {

Consent consent(ConsentScope scope, std::optional<std::string> expires = {},
                std::optional<std::string> revoked = {}) {
    Consent c;
    c.scope = scope;
    c.granted_at = "2026-01-01T00:00:00Z";
    c.expires_at = std::move(expires);
    c.revoked_at = std::move(revoked);
    return c;
}

constexpr const char* kNow = "2026-12-03T12:00:00Z";

TEST(IdentifiableExport, TherapistsAndAdminsWithTheConsentForThePurpose) {
    const std::vector<Consent> parents{consent(ConsentScope::kShareWithParents)};
    for (crypto::Role role : {crypto::Role::kTherapist, crypto::Role::kAdmin}) {
        EXPECT_EQ(identifiableExportRefusal(role, "c-7", parents, ExportPurpose::kParents, kNow),
                  std::nullopt);
        EXPECT_NE(identifiableExportRefusal(role, "c-7", parents, ExportPurpose::kTraining, kNow),
                  std::nullopt);
    }
    auto observer = identifiableExportRefusal(crypto::Role::kObserver, "c-7", parents,
                                              ExportPurpose::kParents, kNow);
    ASSERT_TRUE(observer.has_value());
    EXPECT_NE(observer->find("observers may not"), std::string::npos);
}

TEST(IdentifiableExport, EachWayAConsentIsNotInForceIsSaid) {
    const auto refusal = [](const std::vector<Consent>& consents) {
        return identifiableExportRefusal(crypto::Role::kTherapist, "c-7", consents,
                                         ExportPurpose::kTraining, kNow)
            .value_or("allowed");
    };
    EXPECT_EQ(refusal({}), "child c-7 has no current training-use consent (none is on file): "
                           "nothing of the child's pictures or sound may leave the data folder");
    EXPECT_NE(refusal({consent(ConsentScope::kTrainingUse, {}, "2026-11-02T00:00:00Z")})
                  .find("(it was revoked)"),
              std::string::npos);
    EXPECT_NE(refusal({consent(ConsentScope::kTrainingUse, "2026-12-01T00:00:00Z")})
                  .find("(it has expired)"),
              std::string::npos);
    EXPECT_EQ(refusal({consent(ConsentScope::kTrainingUse, "2027-12-01T00:00:00Z")}), "allowed");
    EXPECT_NE(refusal({consent(ConsentScope::kRecord)}), "allowed") << "recording is not sharing";
    EXPECT_EQ(parseExportPurpose("parents"), ExportPurpose::kParents);
    EXPECT_EQ(parseExportPurpose("school"), std::nullopt);
}

}  // namespace
}  // namespace mimic::store
