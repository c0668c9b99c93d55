// The event rows of two observations of BORIS's own test project (BORIS tests/files/
// test.boris, used by its tests/test_irr.py), typed from the project as numbers, for the
// agreement tests of tests/review and tests/exchange to reproduce BORIS's kappas.
#pragma once

#include <string>
#include <vector>

namespace mimic::testing {

// [time, subject, code]: a state ("s") is a start row and a stop row; "p" is a point.
struct BorisRow {
    double time;
    std::string subject;
    std::string code;
};

// "observation #1".
inline const std::vector<BorisRow> kBorisObservation1{
    {3.3, "subject1", "s"},    {7.75, "subject1", "s"},  {9.9, "subject1", "s"},
    {16.2, "subject1", "s"},   {18.35, "subject1", "s"}, {24.475, "subject1", "s"},
    {38.425, "subject2", "s"}, {46.1, "subject2", "s"}};

// "observation #2"; its copy differs in two rows (32.825 p -> 34.825, 266.165 -> 268.165).
inline std::vector<BorisRow> borisObservation2(bool copy) {
    return {{1.8, "", "s"},
            {8.125, "", "s"},
            {10.25, "", "s"},
            {23.35, "", "s"},
            {26.775, "", "s"},
            {31.475, "", "s"},
            {copy ? 34.825 : 32.825, "", "p"},
            {34.15, "", "p"},
            {34.925, "", "p"},
            {227.765, "", "s"},
            {253.49, "", "s"},
            {255.34, "", "s"},
            {261.14, "", "s"},
            {copy ? 268.165 : 266.165, "subject1", "s"},
            {276.69, "subject1", "s"},
            {280.965, "subject1", "s"},
            {286.215, "subject2", "s"},
            {292.065, "subject2", "s"},
            {294.215, "subject1", "s"},
            {299.715, "", "p"},
            {301.34, "", "p"},
            {303.24, "", "p"},
            {303.79, "", "s"},
            {307.765, "", "s"},
            {314.49, "subject2", "p"},
            {316.065, "subject2", "p"},
            {317.39, "subject2", "s"},
            {320.365, "subject2", "s"}};
}

}  // namespace mimic::testing
