// Agreement (issue 12, acceptance 1): Cohen's kappa by time slices as BORIS computes it, and
// percent agreement, against contingency tables worked out by hand for each case (the slice
// times, each coder's category at each, the table, expected = sum of row * column / items,
// kappa = (agreements - expected) / (items - expected)); and BORIS's own test values on the
// observations of its test project (BORIS tests/test_irr.py, tests/files/test.boris).
#include "review/agreement.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "boris_test_rows.h"

namespace mimic::review {
namespace {

// An event of the one subject every mimic event has: a state from `start` to `stop` s, or a
// point at `start` s.
ObservedEvent state(const std::string& code, double start, double stop) {
    return {"", code, "", true, std::llround(start * 1000), std::llround(stop * 1000)};
}
ObservedEvent point(const std::string& code, double at) {
    return {"", code, "", false, std::llround(at * 1000), std::llround(at * 1000)};
}

Observation coder(const std::string& name, std::vector<ObservedEvent> events) {
    return {name, std::move(events)};
}

AgreementOptions every(double interval_s) {
    AgreementOptions options;
    options.interval_ms = std::llround(interval_s * 1000);
    return options;
}

Agreement agree(const Observation& a, const Observation& b, const AgreementOptions& options) {
    auto result = cohenKappa(a, b, options);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : Agreement{};
}

// A category written as its codes, e.g. {"look", "wave"}; {} for none.
Category cat(const std::vector<std::string>& codes) {
    Category category;
    for (const std::string& code : codes)
        category.push_back({kNoFocalSubject, code});
    return category;
}

using Table = std::vector<std::vector<std::int64_t>>;

// The example of docs/clinical.md: A smiles 0-2; B smiles 0-1 and waves at 2. Slices 0, 1, 2;
// at 2 A has [smile], B [wave]. n 3, a 2, e = 3*2/3 + 0*1/3 = 2: kappa 0 though 67 % agree.
TEST(Agreement, TheExampleOfTheClinicalDocument) {
    const Agreement r = agree(coder("A", {state("smile", 0, 2)}),
                              coder("B", {state("smile", 0, 1), point("wave", 2)}), every(1));
    EXPECT_EQ(r.slices, 3);
    EXPECT_EQ(r.categories, (std::vector<Category>{cat({"smile"}), cat({"wave"})}));
    EXPECT_EQ(r.table, (Table{{2, 1}, {0, 0}}));
    EXPECT_EQ(r.kappa, 0.0);
    EXPECT_DOUBLE_EQ(*r.percent, 200.0 / 3.0);
}

// Slices 1, 2, 3, 4 (first start 1, last stop 4): both coders see [look] at 1, 3, 4 and
// [look, wave] at 2. Table diag(3, 1); expected 3*3/4 + 1*1/4 = 2.5; kappa (4-2.5)/(4-2.5).
TEST(Agreement, IdenticalCodersAgreeFully) {
    const auto a = coder("A", {state("look", 1, 4), point("wave", 2)});
    const auto b = coder("B", {state("look", 1, 4), point("wave", 2)});
    const Agreement r = agree(a, b, every(1));
    EXPECT_EQ(r.slices, 4);
    EXPECT_EQ(r.categories, (std::vector<Category>{cat({"look"}), cat({"look", "wave"})}));
    EXPECT_EQ(r.table, (Table{{3, 0}, {0, 1}}));
    EXPECT_EQ(r.agreements, 4);
    EXPECT_EQ(r.kappa, 1.0);
    EXPECT_EQ(r.percent, 100.0);
    // The same coder on both sides is the same: total agreement.
    EXPECT_EQ(agree(a, a, every(1)).kappa, 1.0);
}

// Slices 0..3. A: [a] [b] [a] [b]; B: [b] [a] [b] [a]. Table [[0, 2], [2, 0]]; expected
// 2*2/4 + 2*2/4 = 2; kappa (0 - 2) / (4 - 2) = -1.
TEST(Agreement, TotalDisagreementIsMinusOne) {
    const Agreement r =
        agree(coder("A", {point("a", 0), point("b", 1), point("a", 2), point("b", 3)}),
              coder("B", {point("b", 0), point("a", 1), point("b", 2), point("a", 3)}), every(1));
    EXPECT_EQ(r.slices, 4);
    EXPECT_EQ(r.table, (Table{{0, 2}, {2, 0}}));
    EXPECT_EQ(r.agreements, 0);
    EXPECT_EQ(r.kappa, -1.0);
    EXPECT_EQ(r.percent, 0.0);
}

// Never the same, but each coder always says one thing: A [look] x4, B [away] x4. Table rows
// away 0, look 4; columns away 4, look 0: expected 0, kappa (0 - 0) / (4 - 0) = 0.
TEST(Agreement, DisagreementWithoutChanceTermIsZero) {
    const Agreement r =
        agree(coder("A", {state("look", 0, 3)}), coder("B", {state("away", 0, 3)}), every(1));
    EXPECT_EQ(r.categories, (std::vector<Category>{cat({"away"}), cat({"look"})}));
    EXPECT_EQ(r.table, (Table{{0, 0}, {4, 0}}));
    EXPECT_EQ(r.kappa, 0.0);
    EXPECT_EQ(r.percent, 0.0);
}

// Chance level: A [x] [x] [y] [y], B [x] [y] [x] [y]. Every cell 1; agreements 2; expected
// 2*2/4 + 2*2/4 = 2 = agreements: kappa 0 though half the slices agree.
TEST(Agreement, ChanceLevelAgreementIsZero) {
    const Agreement r =
        agree(coder("A", {state("x", 0, 1), state("y", 2, 3)}),
              coder("B", {state("x", 0, 0), state("y", 1, 1), state("x", 2, 2), state("y", 3, 3)}),
              every(1));
    EXPECT_EQ(r.slices, 4);
    EXPECT_EQ(r.table, (Table{{1, 1}, {1, 1}}));
    EXPECT_EQ(r.agreements, 2);
    EXPECT_EQ(r.kappa, 0.0);
    EXPECT_EQ(r.percent, 50.0);
}

// B codes the same state one slice later. Slices 1..5 (first start 1, last stop 5).
// A: L L L L -; B: - L L L L. Table (rows/columns [], [look]): [[0, 1], [1, 3]];
// expected 1*1/5 + 4*4/5 = 3.4; kappa (3 - 3.4) / (5 - 3.4) = -0.25.
TEST(Agreement, AStateShiftedByOneSlice) {
    const Agreement r =
        agree(coder("A", {state("look", 1, 4)}), coder("B", {state("look", 2, 5)}), every(1));
    EXPECT_EQ(r.slices, 5);
    EXPECT_EQ(r.categories, (std::vector<Category>{cat({}), cat({"look"})}));
    EXPECT_EQ(r.table, (Table{{0, 1}, {1, 3}}));
    EXPECT_EQ(r.kappa, -0.25);
    EXPECT_EQ(r.percent, 60.0);
}

// A point one slice later, under a state both code. Slices 0..5. A: [look, wave] at 2,
// B at 3, [look] elsewhere. Table [[4, 1], [1, 0]]; expected 5*5/6 + 1*1/6 = 26/6;
// kappa (4 - 26/6) / (6 - 26/6) = -0.2.
TEST(Agreement, APointShiftedByOneSlice) {
    const Agreement r = agree(coder("A", {state("look", 0, 5), point("wave", 2)}),
                              coder("B", {state("look", 0, 5), point("wave", 3)}), every(1));
    EXPECT_EQ(r.slices, 6);
    EXPECT_EQ(r.table, (Table{{4, 1}, {1, 0}}));
    EXPECT_EQ(r.kappa, -0.2);
    EXPECT_DOUBLE_EQ(*r.percent, 400.0 / 6.0);
}

// Exactly half an interval away counts (|time - t| <= interval / 2): a point at 1.5 is in
// the slices at 1 and at 2. A: L, L+w, L+w, L; B: L x4. Table [[2, 0], [2, 0]];
// expected 4*2/4 + 0 = 2; kappa (2 - 2) / (4 - 2) = 0.
TEST(Agreement, APointHalfAnIntervalAwayIsInBothSlices) {
    const Agreement r = agree(coder("A", {state("look", 0, 3), point("wave", 1.5)}),
                              coder("B", {state("look", 0, 3)}), every(1));
    EXPECT_EQ(r.slices, 4);
    EXPECT_EQ(r.table, (Table{{2, 0}, {2, 0}}));
    EXPECT_EQ(r.kappa, 0.0);
    EXPECT_EQ(r.percent, 50.0);
    // Just inside and just outside: 1.499 is in the slice at 1 only (0.501 from 2), 2.501 in
    // the slice at 3 only (0.501 from 2): still two slices with the point, never the same.
    const Agreement near =
        agree(coder("A", {state("look", 0, 3), point("wave", 1.499), point("wave", 2.501)}),
              coder("B", {state("look", 0, 3)}), every(1));
    EXPECT_EQ(near.table, (Table{{2, 0}, {2, 0}}));
    const Agreement once = agree(coder("A", {state("look", 0, 3), point("wave", 1.499)}),
                                 coder("B", {state("look", 0, 3)}), every(1));
    EXPECT_EQ(once.table, (Table{{3, 0}, {1, 0}}));
}

// Half an interval in doubles, as BORIS's SQL compares them: slices 0, 0.2, ... 1.0 and a
// point at 0.3. |0.3 - 0.2| is 0.09999999999999998 <= 0.1, |0.3 - 0.4| is
// 0.10000000000000003 > 0.1: the point is in the slice at 0.2 only, though it is exactly
// half an interval from both. A: L, L+w, L, L, L, L; B: L x6. Table [[5, 0], [1, 0]].
TEST(Agreement, HalfAnIntervalIsComparedInDoublesAsBorisDoes) {
    const Agreement r = agree(coder("A", {state("look", 0, 1), point("wave", 0.3)}),
                              coder("B", {state("look", 0, 1)}), every(0.2));
    EXPECT_EQ(r.slices, 6);
    EXPECT_EQ(r.table, (Table{{5, 0}, {1, 0}}));
    EXPECT_EQ(r.kappa, 0.0);
    // And 1.6 between slices at 1.1 and 2.1 (first start 0.1) lands in both.
    const Agreement both = agree(coder("A", {state("look", 0.1, 3.1), point("wave", 1.6)}),
                                 coder("B", {state("look", 0.1, 3.1)}), every(1));
    EXPECT_EQ(both.table, (Table{{2, 0}, {2, 0}}));
}

// Two states overlapping. Slices 0..6.
//   A: look 0-4, smile 2-6: L L LS LS LS S S
//   B: look 0-3, smile 3-6: L L L  LS S  S S
// Categories sorted [look], [look, smile], [smile]. Table [[2,0,0],[1,1,1],[0,0,2]];
// rows 2, 3, 2; columns 3, 1, 3; expected (6 + 3 + 6) / 7 = 15/7;
// kappa (5 - 15/7) / (7 - 15/7) = 20/34 = 0.588.
TEST(Agreement, OverlappingStates) {
    const Agreement r = agree(coder("A", {state("look", 0, 4), state("smile", 2, 6)}),
                              coder("B", {state("look", 0, 3), state("smile", 3, 6)}), every(1));
    EXPECT_EQ(r.slices, 7);
    EXPECT_EQ(r.categories,
              (std::vector<Category>{cat({"look"}), cat({"look", "smile"}), cat({"smile"})}));
    EXPECT_EQ(r.table, (Table{{2, 0, 0}, {1, 1, 1}, {0, 0, 2}}));
    EXPECT_EQ(r.agreements, 5);
    EXPECT_EQ(r.kappa, 0.588);
    EXPECT_DOUBLE_EQ(*r.percent, 500.0 / 7.0);
}

// A category is a list with repeats: two points of one code in a slice differ from one.
// Slices 0..2. A: L, L+w+w, L; B: L, L+w, L. Table over [L], [L,w], [L,w,w]:
// [[2,0,0],[0,0,0],[0,1,0]]; expected 2*2/3 = 4/3; kappa (2 - 4/3) / (3 - 4/3) = 0.4.
TEST(Agreement, TwoPointsOfACodeInOneSliceDifferFromOne) {
    const Agreement r =
        agree(coder("A", {state("look", 0, 2), point("wave", 1.0), point("wave", 1.2)}),
              coder("B", {state("look", 0, 2), point("wave", 1.0)}), every(1));
    EXPECT_EQ(r.categories.back(), cat({"look", "wave", "wave"}));
    EXPECT_EQ(r.table, (Table{{2, 0, 0}, {0, 0, 0}, {0, 1, 0}}));
    EXPECT_EQ(r.kappa, 0.4);
}

// Slice times run while t <= the last stop, compared exactly with the stop's double: 5.5 is
// exact, so its slice counts (0.5 .. 5.5: 6 slices); 5.3's double is just below 5.3, so the
// slice at 5.3 is left out (0.3 .. 4.3: 5 slices), as in BORIS.
TEST(Agreement, TheLastSliceIsComparedWithTheStopsDouble) {
    const auto whole = [](double from, double to) {
        return agree(coder("A", {state("look", from, to)}), coder("B", {state("look", from, to)}),
                     every(1));
    };
    EXPECT_EQ(whole(0.5, 5.5).slices, 6);
    EXPECT_EQ(whole(0.3, 5.3).slices, 5);
    EXPECT_EQ(whole(0.25, 5.25).slices, 6);  // exact in binary
}

// One point each, at 5.3: the first slice (5.3) is already past the stop's double, so there
// are no items at all; BORIS's kappa is then 1 (items == expected == 0); no percent.
TEST(Agreement, NoSlicesAtAll) {
    const Agreement r =
        agree(coder("A", {point("wave", 5.3)}), coder("B", {point("wave", 5.3)}), every(1));
    EXPECT_EQ(r.slices, 0);
    EXPECT_EQ(r.items, 0);
    EXPECT_EQ(r.kappa, 1.0);
    EXPECT_FALSE(r.percent.has_value());
}

// Decimal stepping: eleven slices 0.0, 0.1, ... 1.0 exactly, never 0.30000000000000004.
// A: look 0-0.95, wave 0.25; B: look 0.05-1.0, wave 0.3. Categories [], [L], [L,w]:
//   t:  0   .1  .2   .3   .4 .. .9  1.0
//   A:  L   L   L+w  L+w  L ..  L   -
//   B:  -   L   L    L+w  L ..  L   L
// Table [[0,1,0],[1,7,0],[0,1,1]]; rows 1, 8, 2; columns 1, 9, 1;
// expected (1 + 72 + 2) / 11 = 75/11; kappa (8 - 75/11) / (11 - 75/11) = 13/46 = 0.283.
TEST(Agreement, SlicesStepInExactDecimals) {
    const Agreement r =
        agree(coder("A", {state("look", 0.0, 0.95), point("wave", 0.25)}),
              coder("B", {state("look", 0.05, 1.0), point("wave", 0.3)}), every(0.1));
    EXPECT_EQ(r.slices, 11);
    EXPECT_EQ(r.table, (Table{{0, 1, 0}, {1, 7, 0}, {0, 1, 1}}));
    EXPECT_EQ(r.kappa, 0.283);
}

// Only the chosen codes count: "smile" is left out, so the coders agree fully on "look".
TEST(Agreement, OnlyTheChosenCodesCount) {
    AgreementOptions options = every(1);
    options.codes = {"look"};
    const Agreement r = agree(coder("A", {state("look", 0, 3), state("smile", 1, 2)}),
                              coder("B", {state("look", 0, 3)}), options);
    EXPECT_EQ(r.kappa, 1.0);
    EXPECT_EQ(r.percent, 100.0);
}

TEST(Agreement, ModifiersCountOnlyWhenAsked) {
    const auto a = coder("A", {{"", "look", "left", true, 0, 3000}});
    const auto b = coder("B", {{"", "look", "right", true, 0, 3000}});
    EXPECT_EQ(agree(a, b, every(1)).percent, 100.0);
    AgreementOptions with = every(1);
    with.include_modifiers = true;
    EXPECT_EQ(agree(a, b, with).percent, 0.0);
}

TEST(Agreement, ACoderWithoutEventsOrABadIntervalIsRefused) {
    const auto a = coder("A", {state("look", 0, 3)});
    auto none = cohenKappa(a, coder("Bo", {}), every(1));
    ASSERT_FALSE(none.ok());
    EXPECT_EQ(none.error().message, "coder 'Bo' has coded no events");
    AgreementOptions other = every(1);
    other.codes = {"smile"};
    auto unchosen = cohenKappa(a, a, other);
    ASSERT_FALSE(unchosen.ok());
    EXPECT_EQ(unchosen.error().message, "coder 'A' has coded no events of the chosen codes");
    auto zero = cohenKappa(a, a, every(0));
    ASSERT_FALSE(zero.ok());
    EXPECT_NE(zero.error().message.find("interval"), std::string::npos);
}

TEST(Agreement, RoundingIsPythonsHalfToEven) {
    EXPECT_EQ(roundTo3Decimals(0.0625), 0.062);  // an exact tie goes to even
    EXPECT_EQ(roundTo3Decimals(0.1875), 0.188);
    EXPECT_EQ(roundTo3Decimals(1.0005), 1.0);    // 1.0005's double is just below the tie
    EXPECT_EQ(roundTo3Decimals(0.2675), 0.268);  // 0.2675's just above it
    EXPECT_EQ(roundTo3Decimals(-0.0356), -0.036);
    EXPECT_EQ(roundTo3Decimals(0.98765), 0.988);
}

// ---- BORIS's own test values (tests/test_irr.py on tests/files/test.boris) ----
//
// The observations' events as BORIS records them: a state event's start and stop are two
// entries of the same subject and code, paired in time order.
using BorisEntry = testing::BorisRow;

Observation fromBoris(const std::string& name, const std::vector<BorisEntry>& entries,
                      const std::set<std::string>& state_codes) {
    Observation observation{name, {}};
    std::map<std::pair<std::string, std::string>, std::vector<double>> toggles;
    for (const BorisEntry& e : entries) {
        if (state_codes.contains(e.code)) {
            toggles[{e.subject, e.code}].push_back(e.time);
        } else {
            observation.events.push_back({e.subject, e.code, "", false, std::llround(e.time * 1000),
                                          std::llround(e.time * 1000)});
        }
    }
    for (const auto& [key, times] : toggles) {
        for (std::size_t i = 0; i + 1 < times.size(); i += 2) {
            observation.events.push_back({key.first, key.second, "", true,
                                          std::llround(times[i] * 1000),
                                          std::llround(times[i + 1] * 1000)});
        }
    }
    return observation;
}

double borisKappa(const std::vector<BorisEntry>& first, const std::vector<BorisEntry>& second,
                  std::vector<std::string> subjects, std::vector<std::string> codes,
                  double interval_s) {
    AgreementOptions options = every(interval_s);
    options.subjects = std::move(subjects);
    options.codes = std::move(codes);
    return agree(fromBoris("observation 1", first, {"s"}),
                 fromBoris("observation 2", second, {"s"}), options)
        .kappa;
}

TEST(Agreement, ReproducesBorisOwnTestValues) {
    const std::vector<std::string> two{"subject1", "subject2"};
    const std::vector<std::string> three{kNoFocalSubject, "subject1", "subject2"};
    EXPECT_EQ(
        borisKappa(testing::kBorisObservation1, testing::kBorisObservation1, two, {"s", "p"}, 1.0),
        1.0);
    EXPECT_EQ(
        borisKappa(testing::kBorisObservation1, testing::borisObservation2(false), two, {"s"}, 1.0),
        -0.036);
    EXPECT_EQ(borisKappa(testing::borisObservation2(false), testing::borisObservation2(true), three,
                         {"s"}, 1.0),
              0.988);
    EXPECT_EQ(borisKappa(testing::borisObservation2(false), testing::borisObservation2(true), three,
                         {"s"}, 3.0),
              1.0);
    EXPECT_EQ(borisKappa(testing::borisObservation2(false), testing::borisObservation2(true), three,
                         {"p"}, 1.0),
              0.866);
    EXPECT_EQ(borisKappa(testing::borisObservation2(false), testing::borisObservation2(true), three,
                         {"p"}, 3.0),
              0.798);
}

}  // namespace
}  // namespace mimic::review
