#include "common/names.h"

#include <cstdint>
#include <cstdio>

namespace mimic {

namespace {

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// The length of the UTF-8 sequence at text[i] and its code point; 0 when it is not valid
// UTF-8 (overlong forms, surrogates and values past U+10FFFF are not).
std::size_t utf8Sequence(std::string_view text, std::size_t i, std::uint32_t& code_point) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t min = 0;
    if (lead < 0x80) {
        code_point = lead;
        return 1;
    }
    if ((lead & 0xE0) == 0xC0) {
        length = 2, code_point = lead & 0x1F, min = 0x80;
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3, code_point = lead & 0x0F, min = 0x800;
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4, code_point = lead & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    for (std::size_t k = 1; k < length; ++k) {
        if ((byte(k) & 0xC0) != 0x80) return 0;
        code_point = (code_point << 6) | (byte(k) & 0x3F);
    }
    if (code_point < min || code_point > 0x10FFFF ||
        (code_point >= 0xD800 && code_point <= 0xDFFF)) {
        return 0;
    }
    return length;
}

bool isControl(std::uint32_t code_point) {
    return code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F) ||
           code_point == 0x2028 || code_point == 0x2029;
}

}  // namespace

Status checkChildCode(std::string_view code) {
    const std::string rule =
        "a child's code is a pseudonym such as c-017, never a name or a date of birth: 1 to " +
        std::to_string(kMaxChildCodeBytes) +
        " letters, digits, '-', '_' or '.', beginning with a letter or digit";
    if (code.empty() || code.size() > kMaxChildCodeBytes || !isAsciiAlnum(code.front())) {
        return Error{quotedPrintable(code) + " is not a child code: " + rule};
    }
    for (char c : code) {
        if (!isAsciiAlnum(c) && c != '-' && c != '_' && c != '.') {
            return Error{quotedPrintable(code) + " is not a child code: " + rule};
        }
    }
    return {};
}

Status checkName(std::string_view what, std::string_view text, std::size_t max_bytes) {
    const std::string shown = quotedPrintable(text);
    if (text.empty()) return Error{std::string(what) + " must not be empty"};
    if (text.size() > max_bytes) {
        return Error{std::string(what) + " " + shown + " is too long (at most " +
                     std::to_string(max_bytes) + " bytes)"};
    }
    bool only_spaces = true;
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t code_point = 0;
        const std::size_t length = utf8Sequence(text, i, code_point);
        if (length == 0) return Error{std::string(what) + " " + shown + " is not UTF-8 text"};
        if (isControl(code_point)) {
            return Error{std::string(what) + " " + shown +
                         " holds a control character (a newline, tab or terminal escape)"};
        }
        if (code_point != ' ') only_spaces = false;
        i += length;
    }
    if (only_spaces) return Error{std::string(what) + " must not be only spaces"};
    return {};
}

std::string printable(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    const auto hex = [&out](unsigned char b) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\x%02x", b);
        out += buffer;
    };
    for (std::size_t i = 0; i < text.size();) {
        std::uint32_t code_point = 0;
        const std::size_t length = utf8Sequence(text, i, code_point);
        if (length == 0) {
            hex(static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (code_point == '\n') {
            out += "\\n";
        } else if (code_point == '\t') {
            out += "\\t";
        } else if (code_point == '\r') {
            out += "\\r";
        } else if (isControl(code_point)) {
            for (std::size_t k = 0; k < length; ++k)
                hex(static_cast<unsigned char>(text[i + k]));
        } else {
            out.append(text.substr(i, length));
        }
        i += length;
    }
    return out;
}

// Built by appending: GCC 12 at -O3 reports a false -Wrestrict inside std::string for
// "'" + a temporary string.
std::string quotedPrintable(std::string_view text) {
    std::string quoted(1, '\'');
    quoted.append(printable(text)).append(1, '\'');
    return quoted;
}

}  // namespace mimic
