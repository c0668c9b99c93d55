// Names people type (a child's code, behaviour and therapist names, labels): checked before
// they are stored and escaped whenever printed. mimic never makes a file or folder name from
// one (docs/architecture.md, "The data folder"): files are named by ids, random names or
// content hashes.
//
// Threads: any; the functions are pure.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.h"

namespace mimic {

// The longest child code: a pseudonym is short.
inline constexpr std::size_t kMaxChildCodeBytes = 32;
// The longest name or label (behaviour, therapist, granted-by...).
inline constexpr std::size_t kMaxNameBytes = 120;

// A child's code is a pseudonym such as "c-017", never a name or a date of birth: 1 to 32
// letters, digits, '-', '_' or '.', beginning with a letter or digit. The error says so.
Status checkChildCode(std::string_view code);

// A name or label: valid UTF-8 of 1 to `max_bytes` bytes, with no control characters
// (newlines, tabs, terminal escapes), not only spaces. `what` names it in the error
// ("a behaviour name").
Status checkName(std::string_view what, std::string_view text,
                 std::size_t max_bytes = kMaxNameBytes);

// `text` safe to print on a terminal or in a one-line message: control characters (C0, DEL,
// C1) and bytes that are not UTF-8 become \n, \t, \r or \xNN; anything else is kept as it
// is, so escaping twice changes nothing (a message that quotes an escaped name can be escaped
// again as a whole).
std::string printable(std::string_view text);

// printable(text) in single quotes, for messages that name what a person typed or gave.
std::string quotedPrintable(std::string_view text);

}  // namespace mimic
