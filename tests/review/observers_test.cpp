// A blind second observer (issue 12, build 3): what each coder sees of a trial, when they may
// code, who may be assigned, and when a blind pair's agreement is shown.
#include "review/observers.h"

#include <gtest/gtest.h>

namespace mimic::review {
namespace {

store::CodedEvent event(std::int64_t id, const std::string& coder) {
    store::CodedEvent e;
    e.id = id;
    e.record.coder = coder;
    e.record.start_ms = id * 100;
    e.code = "wave";
    return e;
}

std::vector<std::int64_t> idsOf(const std::vector<store::CodedEvent>& events) {
    std::vector<std::int64_t> ids;
    for (const auto& e : events)
        ids.push_back(e.id);
    return ids;
}

const std::vector<store::CodedEvent> kEvents{event(1, "A. Jones"), event(2, "B. Smith"),
                                             event(3, "C. Lee"), event(4, "B. Smith")};

TEST(BlindObserver, WithoutASecondObserverEveryoneSeesEverything) {
    const store::TrialObservers none;
    EXPECT_FALSE(blindCodingOpen(none));
    const CoderView view = coderView(none, "B. Smith");
    EXPECT_TRUE(view.other_coders);
    EXPECT_TRUE(view.outcome);
    EXPECT_EQ(idsOf(visibleEvents(none, "B. Smith", kEvents)),
              (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_TRUE(mayCode(none, "B. Smith").ok());
    EXPECT_TRUE(agreementShown(none, "A. Jones", "B. Smith").ok());
}

TEST(BlindObserver, WhileCodingTheSecondObserverSeesOnlyTheirOwnAndNoScore) {
    store::TrialObservers blind;
    blind.second_observer = "B. Smith";
    blind.finished = {"A. Jones"};  // the first coder finishing changes nothing for B
    EXPECT_TRUE(blindCodingOpen(blind));
    const CoderView view = coderView(blind, "B. Smith");
    EXPECT_FALSE(view.other_coders);
    EXPECT_FALSE(view.outcome);
    EXPECT_EQ(idsOf(visibleEvents(blind, "B. Smith", kEvents)), (std::vector<std::int64_t>{2, 4}));
    // The others see the score but not the blind coder's events, so nobody codes with the
    // other's marks in view.
    EXPECT_TRUE(coderView(blind, "A. Jones").outcome);
    EXPECT_EQ(idsOf(visibleEvents(blind, "A. Jones", kEvents)), (std::vector<std::int64_t>{1, 3}));
    EXPECT_EQ(idsOf(visibleEvents(blind, "C. Lee", kEvents)), (std::vector<std::int64_t>{1, 3}));
    // A coder who has coded nothing sees the same as any other non-blind coder.
    EXPECT_EQ(idsOf(visibleEvents(blind, "D. New", kEvents)), (std::vector<std::int64_t>{1, 3}));
    EXPECT_TRUE(mayCode(blind, "B. Smith").ok());
    EXPECT_FALSE(mayCode(blind, "A. Jones").ok());  // finished: final
}

TEST(BlindObserver, OnceFinishedEverythingIsShownAndTheirEventsAreFinal) {
    store::TrialObservers done;
    done.second_observer = "B. Smith";
    done.finished = {"B. Smith"};
    EXPECT_FALSE(blindCodingOpen(done));
    EXPECT_TRUE(coderView(done, "B. Smith").other_coders);
    EXPECT_TRUE(coderView(done, "B. Smith").outcome);
    EXPECT_EQ(idsOf(visibleEvents(done, "B. Smith", kEvents)),
              (std::vector<std::int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(idsOf(visibleEvents(done, "A. Jones", kEvents)),
              (std::vector<std::int64_t>{1, 2, 3, 4}));
    auto refused = mayCode(done, "B. Smith");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message,
              "B. Smith has finished coding this trial; their events are final");
}

TEST(BlindObserver, AgreementWithTheBlindCoderWaitsForBothToFinish) {
    store::TrialObservers observers;
    observers.second_observer = "B. Smith";
    auto waiting = agreementShown(observers, "A. Jones", "B. Smith");
    ASSERT_FALSE(waiting.ok());
    EXPECT_EQ(waiting.error().message,
              "agreement with the blind second observer B. Smith is shown once both have "
              "finished coding (still coding: A. Jones and B. Smith)");
    observers.finished = {"B. Smith"};
    waiting = agreementShown(observers, "B. Smith", "A. Jones");
    ASSERT_FALSE(waiting.ok());
    EXPECT_NE(waiting.error().message.find("(still coding: A. Jones)"), std::string::npos);
    // Two other coders may compare at any time: neither is blind.
    EXPECT_TRUE(agreementShown(observers, "A. Jones", "C. Lee").ok());
    observers.finished = {"A. Jones", "B. Smith"};
    EXPECT_TRUE(agreementShown(observers, "A. Jones", "B. Smith").ok());
}

TEST(BlindObserver, OnlyACoderWhoHasNotCodedOrFinishedIsAssigned) {
    store::TrialObservers none;
    EXPECT_TRUE(mayAssign(none, "D. New", kEvents).ok());
    auto coded = mayAssign(none, "A. Jones", kEvents);
    ASSERT_FALSE(coded.ok());
    EXPECT_EQ(coded.error().message,
              "A. Jones has coded it already; a blind observer is assigned before coding");
    none.finished = {"D. New"};
    EXPECT_FALSE(mayAssign(none, "D. New", {}).ok());
    store::TrialObservers taken;
    taken.second_observer = "B. Smith";
    auto second = mayAssign(taken, "D. New", kEvents);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().message, "it has a second observer already (B. Smith)");
}

}  // namespace
}  // namespace mimic::review
