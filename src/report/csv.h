// Tidy CSV tables of a child's record for spreadsheets (`mimic export csv`; docs/review.md,
// "CSV export"): one row per trial, or one row per coded event.
//
// The text is UTF-8 with a byte-order mark (spreadsheets that guess the encoding of a CSV
// file, Excel among them, read accented names right only with it; LibreOffice and scripts
// skip it), fields quoted as RFC 4180 says (in double quotes when they hold a comma, quote,
// CR or LF; quotes doubled), rows ended with CRLF. A text field that a spreadsheet would read
// as a formula ("=", "+", "-", "@", tab or CR first) gets a leading apostrophe, so opening the
// file never runs anything a name or note holds.
//
// Threads: any; pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mimic::report {

inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// One field as RFC 4180 writes it (quoted only when it must be).
std::string csvField(std::string_view text);
// A text field a person typed: csvField of the text, guarded against formula injection.
std::string csvText(std::string_view text);
// Fields already made by csvField/csvText, joined by commas and ended with CRLF.
std::string csvRow(const std::vector<std::string>& fields);

// One trial (columns: kTrialColumns).
struct TrialRow {
    std::int64_t trial_id = 0;
    std::string date;  // the clinic's calendar day, YYYY-MM-DD
    std::int64_t session_id = 0;
    std::string therapist;  // "" when none
    std::string setting;    // clinic, home, school or ""
    std::string behaviour;
    std::string phase;  // the program's phase when the session started, or ""
    std::string clip;   // the clip's file, relative to the data folder
    std::optional<int> step;
    std::string outcome;       // independent, prompted, incorrect, no-response; "" unscored
    std::string prompt_level;  // with prompted
    std::optional<std::int64_t> latency_ms;
    std::optional<bool> reinforced;
};

// One coded event (columns: kEventColumns).
struct EventRow {
    std::int64_t trial_id = 0;
    std::string date;
    std::string behaviour;
    std::string coder;
    std::string code;
    std::string modifier;
    std::int64_t start_ms = 0;
    std::optional<std::int64_t> stop_ms;  // none for a point event
};

inline const std::vector<std::string> kTrialColumns{
    "trial", "date", "session", "therapist",    "setting",    "behaviour", "phase",
    "clip",  "step", "outcome", "prompt_level", "latency_ms", "reinforced"};
inline const std::vector<std::string> kEventColumns{"trial", "date",     "behaviour", "coder",
                                                    "code",  "modifier", "start_ms",  "stop_ms"};

// The whole file: BOM, header, rows.
std::string trialsCsv(const std::vector<TrialRow>& rows);
std::string eventsCsv(const std::vector<EventRow>& rows);

}  // namespace mimic::report
