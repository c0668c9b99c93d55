// A small RFC 4180 reader for tests of CSV that mimic writes (fields in double quotes with
// quotes doubled; rows ended with CRLF).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mimic::testing {

// The rows of `text` (without a byte-order mark), each a list of fields.
inline std::vector<std::vector<std::string>> readCsv(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted && c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            ++i;
        } else if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == ',') {
            row.push_back(std::exchange(field, {}));
        } else if (!quoted && c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::exchange(field, {}));
            rows.push_back(std::exchange(row, {}));
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

}  // namespace mimic::testing
