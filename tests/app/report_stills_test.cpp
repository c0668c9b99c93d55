// `mimic report --with-stills` (issue 13, part 5) on a trial recorded by `mimic session
// --headless` from the synthetic camera: pictures of the child only with a current
// share-with-parents consent; without it, or after it is revoked, one line and nothing
// written; without the flag, no picture.
#include "records_fixture.h"

namespace mimic {
namespace {

std::size_t imgCount(const std::string& page) {
    std::size_t n = 0;
    for (auto at = page.find("<img"); at != std::string::npos; at = page.find("<img", at + 1))
        ++n;
    return n;
}

TEST_F(RecordsTest, ReportStillsNeedShareWithParentsConsent) {
    install();
    addChildWithConsent("c-1");
    auto practised = session("c-1", "greeting");
    ASSERT_EQ(practised.exit_code, 0) << practised.err;

    const fs::path html = scratch_ / "report.html";
    auto refused = mimic("report --child c-1 --with-stills --out " + shellQuoted(html));
    EXPECT_EQ(refused.exit_code, 1);
    EXPECT_NE(refused.err.find("share-with-parents consent"), std::string::npos) << refused.err;
    EXPECT_FALSE(fs::exists(html));

    auto granted = mimic("consent grant c-1 --scope share-with-parents --by parent");
    ASSERT_EQ(granted.exit_code, 0) << granted.err;
    auto made = mimic("report --child c-1 --with-stills --out " + shellQuoted(html));
    ASSERT_EQ(made.exit_code, 0) << made.err;
    const std::string page = testing::readText(html);
    EXPECT_EQ(imgCount(page), 1u);
    EXPECT_NE(page.find("src=\"data:image/png;base64,iVBORw0KGgo"), std::string::npos);

    const fs::path pdf = scratch_ / "report.pdf";
    ASSERT_EQ(mimic("report --child c-1 --with-stills --out " + shellQuoted(pdf)).exit_code, 0);
    const std::string images =
        runCommand("pdfimages -list " + shellQuoted(pdf) + " | tail -n +3 | wc -l", scratch_).out;
    EXPECT_EQ(std::stoi(images), 1);

    // Without the flag: no picture, whatever the consent says.
    const fs::path plain = scratch_ / "plain.html";
    ASSERT_EQ(mimic("report --child c-1 --out " + shellQuoted(plain)).exit_code, 0);
    EXPECT_EQ(imgCount(testing::readText(plain)), 0u);

    // Revoked: refused again, the earlier report left as it was.
    std::int64_t share_id = 0;
    {
        auto database = db();
        store::ClinicalRepository clinical(database);
        const std::int64_t child = clinical.findChild("c-1").value()->id;
        for (const store::Consent& consent : clinical.listConsents(child).value()) {
            if (consent.scope == store::ConsentScope::kShareWithParents) share_id = consent.id;
        }
    }
    ASSERT_NE(share_id, 0);
    ASSERT_EQ(mimic("consent revoke " + std::to_string(share_id)).exit_code, 0);
    auto after = mimic("report --child c-1 --with-stills --force --out " + shellQuoted(html));
    EXPECT_EQ(after.exit_code, 1);
    EXPECT_NE(after.err.find("it was revoked"), std::string::npos) << after.err;
    EXPECT_EQ(testing::readText(html), page);
}

}  // namespace
}  // namespace mimic
