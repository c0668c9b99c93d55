// ELAN's annotation format, EAF 3.0 (docs/review.md, "ELAN"): a document of media, tiers
// and time-aligned annotations, written and read through libxml2 (never by hand). Times are
// milliseconds. Plain values; any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace mimic::exchange {

// One media file of the document (a MEDIA_DESCRIPTOR).
struct EafMedia {
    std::string url;        // a file:// URL (eafFileUrl)
    std::string mime_type;  // e.g. "video/mp4" (eafMimeType)
    // The media's own time at the document's 0 ms (ELAN's TIME_ORIGIN); negative when the
    // media starts later than the document's 0.
    std::optional<std::int64_t> time_origin_ms;
};

// A time-aligned annotation (ALIGNABLE_ANNOTATION) from start to end, end >= start.
struct EafAnnotation {
    std::int64_t start_ms = 0;
    std::int64_t end_ms = 0;
    std::string value;
};

struct EafTier {
    std::string id;           // TIER_ID
    std::string participant;  // PARTICIPANT ("" when absent)
    std::vector<EafAnnotation> annotations;
};

struct EafDocument {
    std::string author;
    std::string date;  // xsd:dateTime, e.g. "2026-12-03T07:00:00Z"
    std::vector<EafMedia> media;
    std::vector<EafTier> tiers;
};

// The document as EAF 3.0 XML (UTF-8), as ELAN writes it: a header with the media and the
// lastUsedAnnotationId property, the time slots in time order, one tier each with the
// linguistic type "mimic-code" (time-alignable), annotation ids a1, a2, ... An error for an
// annotation that ends before it starts or lies before 0, or for two tiers of one id.
Result<std::string> writeEaf(const EafDocument& document);

// Reads an EAF document (any 2.x/3.0 that ELAN writes): media, and every tier's time-aligned
// annotations with their slots' times; reference annotations (symbolic tiers) are passed
// over. One-line errors for what is not XML, not an ANNOTATION_DOCUMENT, times not in
// milliseconds, an annotation whose slot has no time or is unknown, and one that ends
// before it starts. No network or external entity is ever loaded.
Result<EafDocument> readEaf(std::string_view xml);

// file:///absolute/path with everything but unreserved characters and '/' percent-encoded.
std::string eafFileUrl(const std::filesystem::path& absolute);
// The MIME type ELAN expects for a media file, by its extension ("video/*" when unknown).
std::string eafMimeType(const std::filesystem::path& file);

}  // namespace mimic::exchange
