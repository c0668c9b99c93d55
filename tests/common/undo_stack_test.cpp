#include "common/undo_stack.h"

#include <gtest/gtest.h>

namespace mimic {
namespace {

TEST(UndoStack, UndoesLatestFirst) {
    std::vector<std::string> undone;
    UndoStack stack;
    EXPECT_TRUE(stack.empty());
    EXPECT_FALSE(stack.undo().ok());
    for (const char* what : {"title of clip 1", "tag of clip 2"}) {
        stack.push(what, [&undone, what]() -> Status {
            undone.push_back(what);
            return {};
        });
    }
    EXPECT_EQ(stack.next(), "tag of clip 2");
    auto first = stack.undo();
    ASSERT_TRUE(first.ok());
    EXPECT_EQ(*first, "tag of clip 2");
    ASSERT_TRUE(stack.undo().ok());
    EXPECT_EQ(undone, (std::vector<std::string>{"tag of clip 2", "title of clip 1"}));
    EXPECT_TRUE(stack.empty());
}

TEST(UndoStack, AFailedInverseStaysForAnotherTry) {
    bool fail = true;
    UndoStack stack;
    stack.push("archive of clip 4", [&fail]() -> Status {
        if (fail) return Error{"database is locked"};
        return {};
    });
    auto refused = stack.undo();
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, "cannot undo the archive of clip 4: database is locked");
    EXPECT_EQ(stack.size(), 1u);
    fail = false;
    EXPECT_TRUE(stack.undo().ok());
    EXPECT_TRUE(stack.empty());
}

TEST(UndoStack, ForgetsTheOldestBeyondItsLimit) {
    UndoStack stack(2);
    for (const char* what : {"a", "b", "c"})
        stack.push(what, [] { return Status{}; });
    EXPECT_EQ(stack.size(), 2u);
    ASSERT_TRUE(stack.undo().ok());
    EXPECT_EQ(stack.next(), "b");
}

}  // namespace
}  // namespace mimic
