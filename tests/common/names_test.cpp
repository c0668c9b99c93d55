// Names people type are checked before they are stored and escaped when printed (issue 10,
// D1 and D10).
#include "common/names.h"

#include <gtest/gtest.h>

namespace mimic {
namespace {

TEST(ChildCode, PseudonymsAreAccepted) {
    for (const char* code :
         {"c-017", "demo", "C_2", "a.b", "K1", "12345678901234567890123456789012"})
        EXPECT_TRUE(checkChildCode(code).ok()) << code;
}

TEST(ChildCode, PathsNamesAndControlCharactersAreRefused) {
    for (const char* code :
         {"", "../../../escape", "/tmp/abs", "x/y", "..", ".hidden", "-rf",
          "Jane Smith DOB 2019-03-04", "a\nb", "a\x1b[31m", "123456789012345678901234567890123"}) {
        const Status s = checkChildCode(code);
        ASSERT_FALSE(s.ok()) << code;
        EXPECT_NE(s.error().message.find("pseudonym"), std::string::npos) << s.error().message;
        EXPECT_EQ(s.error().message.find('\n'), std::string::npos);
        EXPECT_EQ(s.error().message.find('\x1b'), std::string::npos);
    }
}

TEST(Name, PrintableUtf8IsAcceptedControlCharactersAreNot) {
    EXPECT_TRUE(checkName("a behaviour name", "greeting").ok());
    EXPECT_TRUE(checkName("a behaviour name", "x/../../y").ok());  // a name, never a path
    EXPECT_TRUE(checkName("a behaviour name", "Grüßen ✋").ok());
    EXPECT_FALSE(checkName("a behaviour name", "").ok());
    EXPECT_FALSE(checkName("a behaviour name", "   ").ok());
    EXPECT_FALSE(checkName("a behaviour name", "two\nlines").ok());
    EXPECT_FALSE(checkName("a behaviour name", "tab\there").ok());
    EXPECT_FALSE(checkName("a behaviour name", "\x1b]0;title\x07").ok());
    EXPECT_FALSE(checkName("a behaviour name", "c1 \xc2\x9b").ok());    // CSI as C1
    EXPECT_FALSE(checkName("a behaviour name", "bad \xff utf8").ok());  // not UTF-8
    EXPECT_FALSE(checkName("a behaviour name", "over \xc0\xaf").ok());  // overlong '/'
    EXPECT_FALSE(checkName("a behaviour name", std::string(121, 'a')).ok());
    EXPECT_TRUE(checkName("a behaviour name", std::string(120, 'a')).ok());
}

TEST(Printable, EscapesControlCharactersAndKeepsTheRest) {
    EXPECT_EQ(printable("greeting"), "greeting");
    EXPECT_EQ(printable("Grüßen"), "Grüßen");
    EXPECT_EQ(printable("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    EXPECT_EQ(printable("\x1b[2J"), "\\x1b[2J");
    EXPECT_EQ(printable("\x7f"), "\\x7f");
    EXPECT_EQ(printable("\xc2\x9b"), "\\xc2\\x9b");
    EXPECT_EQ(printable("\xff"), "\\xff");
    // Escaping twice changes nothing.
    EXPECT_EQ(printable(printable("a\nb\x1b")), printable("a\nb\x1b"));
}

}  // namespace
}  // namespace mimic
