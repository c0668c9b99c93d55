#include "exchange/eaf.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <set>

#include "common/names.h"

namespace mimic::exchange {

namespace {

const char* const kLinguisticType = "mimic-code";

const xmlChar* x(const char* text) {
    return reinterpret_cast<const xmlChar*>(text);
}

// xmlTextWriter calls return a negative number on failure; the first failure is kept.
class Writer {
  public:
    Writer() : buffer_(xmlBufferCreate(), xmlBufferFree) {
        if (buffer_) writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
        ok_ = writer_ != nullptr;
    }
    bool ok() const { return ok_; }

    void start(const char* element) { check(xmlTextWriterStartElement(writer_.get(), x(element))); }
    void end() { check(xmlTextWriterEndElement(writer_.get())); }
    void attribute(const char* name, const std::string& value) {
        check(xmlTextWriterWriteAttribute(writer_.get(), x(name), x(value.c_str())));
    }
    void text(const std::string& value) {
        check(xmlTextWriterWriteString(writer_.get(), x(value.c_str())));
    }
    void beginDocument() {
        if (!writer_) return;
        check(xmlTextWriterSetIndent(writer_.get(), 1));
        check(xmlTextWriterSetIndentString(writer_.get(), x("    ")));
        check(xmlTextWriterStartDocument(writer_.get(), "1.0", "UTF-8", nullptr));
    }
    std::string finish() {
        check(xmlTextWriterEndDocument(writer_.get()));
        writer_.reset();  // flushes into the buffer
        return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                           static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
    }

  private:
    void check(int result) {
        if (result < 0) ok_ = false;
    }
    struct FreeWriter {
        void operator()(xmlTextWriterPtr writer) const { xmlFreeTextWriter(writer); }
    };
    std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer_;
    std::unique_ptr<xmlTextWriter, FreeWriter> writer_;
    bool ok_ = true;
};

// The time slots of the document: every annotation's start and end, numbered in time order
// (ts1 first), as ELAN numbers them.
struct TimeSlots {
    std::vector<std::int64_t> times;  // by slot number - 1
    // Per tier, per annotation: the slot numbers of its start and end.
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> refs;
};

TimeSlots timeSlotsOf(const EafDocument& document) {
    struct Boundary {
        std::int64_t time;
        std::size_t tier, annotation;
        bool end;
    };
    std::vector<Boundary> boundaries;
    TimeSlots slots;
    for (std::size_t t = 0; t < document.tiers.size(); ++t) {
        const auto& annotations = document.tiers[t].annotations;
        slots.refs.emplace_back(annotations.size());
        for (std::size_t a = 0; a < annotations.size(); ++a) {
            boundaries.push_back({annotations[a].start_ms, t, a, false});
            boundaries.push_back({annotations[a].end_ms, t, a, true});
        }
    }
    std::stable_sort(boundaries.begin(), boundaries.end(),
                     [](const Boundary& a, const Boundary& b) { return a.time < b.time; });
    for (const Boundary& boundary : boundaries) {
        slots.times.push_back(boundary.time);
        auto& ref = slots.refs[boundary.tier][boundary.annotation];
        (boundary.end ? ref.second : ref.first) = slots.times.size();
    }
    return slots;
}

Status checkDocument(const EafDocument& document) {
    std::set<std::string> ids;
    for (const EafTier& tier : document.tiers) {
        if (!ids.insert(tier.id).second) {
            return Error{"two tiers are named " + quotedPrintable(tier.id)};
        }
        for (const EafAnnotation& annotation : tier.annotations) {
            if (annotation.start_ms < 0 || annotation.end_ms < annotation.start_ms ||
                annotation.end_ms > 0xFFFFFFFFLL) {
                return Error{"an annotation of tier " + quotedPrintable(tier.id) + " runs from " +
                             std::to_string(annotation.start_ms) + " to " +
                             std::to_string(annotation.end_ms) + " ms"};
            }
        }
    }
    return {};
}

// --- reading ---

std::string attributeOf(xmlNodePtr node, const char* name) {
    xmlChar* value = xmlGetProp(node, x(name));
    if (!value) return {};
    std::string text(reinterpret_cast<const char*>(value));
    xmlFree(value);
    return text;
}

bool hasAttribute(xmlNodePtr node, const char* name) {
    return xmlHasProp(node, x(name)) != nullptr;
}

bool named(xmlNodePtr node, const char* name) {
    return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, x(name));
}

std::vector<xmlNodePtr> childrenNamed(xmlNodePtr parent, const char* name) {
    std::vector<xmlNodePtr> found;
    for (xmlNodePtr child = parent->children; child; child = child->next) {
        if (named(child, name)) found.push_back(child);
    }
    return found;
}

std::string textOf(xmlNodePtr node) {
    xmlChar* content = xmlNodeGetContent(node);
    if (!content) return {};
    std::string text(reinterpret_cast<const char*>(content));
    xmlFree(content);
    return text;
}

std::optional<std::int64_t> wholeNumber(const std::string& text) {
    std::int64_t value = 0;
    const char* end = text.data() + text.size();
    auto [at, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || at != end || text.empty()) return std::nullopt;
    return value;
}

// libxml2's last error for the parse, as one line.
std::string parseError(xmlParserCtxtPtr context) {
    const xmlError* error = xmlCtxtGetLastError(context);
    if (!error || !error->message) return "not well-formed XML";
    std::string message = error->message;
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
        message.pop_back();
    return message + " (line " + std::to_string(error->line) + ")";
}

Result<std::map<std::string, std::int64_t>> readTimeSlots(xmlNodePtr root) {
    std::map<std::string, std::int64_t> times;
    for (xmlNodePtr order : childrenNamed(root, "TIME_ORDER")) {
        for (xmlNodePtr slot : childrenNamed(order, "TIME_SLOT")) {
            const std::string id = attributeOf(slot, "TIME_SLOT_ID");
            if (!hasAttribute(slot, "TIME_VALUE")) continue;  // unaligned: refused if used
            const auto value = wholeNumber(attributeOf(slot, "TIME_VALUE"));
            if (!value || *value < 0) {
                return Error{"time slot " + quotedPrintable(id) + " has no whole, non-negative" +
                             " number of milliseconds"};
            }
            times[id] = *value;
        }
    }
    return times;
}

Result<EafTier> readTier(xmlNodePtr node, const std::map<std::string, std::int64_t>& times) {
    EafTier tier;
    tier.id = attributeOf(node, "TIER_ID");
    tier.participant = attributeOf(node, "PARTICIPANT");
    for (xmlNodePtr annotation : childrenNamed(node, "ANNOTATION")) {
        for (xmlNodePtr aligned : childrenNamed(annotation, "ALIGNABLE_ANNOTATION")) {
            const std::string id = attributeOf(aligned, "ANNOTATION_ID");
            std::int64_t at[2] = {0, 0};
            const char* refs[2] = {"TIME_SLOT_REF1", "TIME_SLOT_REF2"};
            for (int i = 0; i < 2; ++i) {
                const std::string ref = attributeOf(aligned, refs[i]);
                const auto found = times.find(ref);
                if (found == times.end()) {
                    return Error{"annotation " + quotedPrintable(id) + " of tier " +
                                 quotedPrintable(tier.id) + " refers to time slot " +
                                 quotedPrintable(ref) + ", which has no time"};
                }
                at[i] = found->second;
            }
            if (at[1] < at[0]) {
                return Error{"annotation " + quotedPrintable(id) + " of tier " +
                             quotedPrintable(tier.id) + " ends (" + std::to_string(at[1]) +
                             " ms) before it starts (" + std::to_string(at[0]) +
                             " ms): its times are out of order"};
            }
            std::string value;
            for (xmlNodePtr text : childrenNamed(aligned, "ANNOTATION_VALUE"))
                value += textOf(text);
            tier.annotations.push_back({at[0], at[1], std::move(value)});
        }
    }
    return tier;
}

}  // namespace

Result<std::string> writeEaf(const EafDocument& document) {
    if (Status s = checkDocument(document); !s) return s.error();
    const TimeSlots slots = timeSlotsOf(document);
    std::size_t annotations = 0;
    for (const EafTier& tier : document.tiers)
        annotations += tier.annotations.size();

    Writer w;
    w.beginDocument();
    w.start("ANNOTATION_DOCUMENT");
    w.attribute("AUTHOR", document.author);
    w.attribute("DATE", document.date);
    w.attribute("FORMAT", "3.0");
    w.attribute("VERSION", "3.0");
    w.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
    w.attribute("xsi:noNamespaceSchemaLocation", "http://www.mpi.nl/tools/elan/EAFv3.0.xsd");
    w.start("HEADER");
    w.attribute("MEDIA_FILE", "");
    w.attribute("TIME_UNITS", "milliseconds");
    for (const EafMedia& media : document.media) {
        w.start("MEDIA_DESCRIPTOR");
        w.attribute("MEDIA_URL", media.url);
        w.attribute("MIME_TYPE", media.mime_type);
        if (media.time_origin_ms) w.attribute("TIME_ORIGIN", std::to_string(*media.time_origin_ms));
        w.end();
    }
    w.start("PROPERTY");
    w.attribute("NAME", "lastUsedAnnotationId");
    w.text(std::to_string(annotations));
    w.end();
    w.end();  // HEADER

    w.start("TIME_ORDER");
    for (std::size_t i = 0; i < slots.times.size(); ++i) {
        w.start("TIME_SLOT");
        w.attribute("TIME_SLOT_ID", "ts" + std::to_string(i + 1));
        w.attribute("TIME_VALUE", std::to_string(slots.times[i]));
        w.end();
    }
    w.end();

    std::size_t next_id = 0;
    for (std::size_t t = 0; t < document.tiers.size(); ++t) {
        const EafTier& tier = document.tiers[t];
        w.start("TIER");
        w.attribute("LINGUISTIC_TYPE_REF", kLinguisticType);
        if (!tier.participant.empty()) {
            w.attribute("PARTICIPANT", tier.participant);
            w.attribute("ANNOTATOR", tier.participant);
        }
        w.attribute("TIER_ID", tier.id);
        for (std::size_t a = 0; a < tier.annotations.size(); ++a) {
            w.start("ANNOTATION");
            w.start("ALIGNABLE_ANNOTATION");
            w.attribute("ANNOTATION_ID", std::string("a").append(std::to_string(++next_id)));
            w.attribute("TIME_SLOT_REF1", "ts" + std::to_string(slots.refs[t][a].first));
            w.attribute("TIME_SLOT_REF2", "ts" + std::to_string(slots.refs[t][a].second));
            w.start("ANNOTATION_VALUE");
            w.text(tier.annotations[a].value);
            w.end();
            w.end();
            w.end();
        }
        w.end();
    }

    w.start("LINGUISTIC_TYPE");
    w.attribute("GRAPHIC_REFERENCES", "false");
    w.attribute("LINGUISTIC_TYPE_ID", kLinguisticType);
    w.attribute("TIME_ALIGNABLE", "true");
    w.end();
    // The four stereotypes ELAN declares in every document it writes.
    const std::pair<const char*, const char*> constraints[] = {
        {"Time_Subdivision",
         "Time subdivision of parent annotation's time interval, no time gaps allowed within "
         "this interval"},
        {"Symbolic_Subdivision",
         "Symbolic subdivision of a parent annotation. Annotations "
         "refering to the same parent are ordered"},
        {"Symbolic_Association", "1-1 association with a parent annotation"},
        {"Included_In",
         "Time alignable annotations within the parent annotation's time "
         "interval, gaps are allowed"}};
    for (const auto& [stereotype, description] : constraints) {
        w.start("CONSTRAINT");
        w.attribute("DESCRIPTION", description);
        w.attribute("STEREOTYPE", stereotype);
        w.end();
    }
    w.end();  // ANNOTATION_DOCUMENT
    std::string xml = w.finish();
    if (!w.ok()) return Error{"the EAF document could not be written"};
    return xml;
}

Result<EafDocument> readEaf(std::string_view xml) {
    if (xml.size() > 0x7FFFFFFF) return Error{"the EAF document is too large"};
    std::unique_ptr<xmlParserCtxt, decltype(&xmlFreeParserCtxt)> context(xmlNewParserCtxt(),
                                                                         xmlFreeParserCtxt);
    if (!context) return Error{"out of memory reading the EAF document"};
    // No network, no external entities or DTDs, entities left as they are, errors kept.
    const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING;
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        xmlCtxtReadMemory(context.get(), xml.data(), static_cast<int>(xml.size()), "eaf.xml",
                          nullptr, options),
        xmlFreeDoc);
    if (!doc) return Error{"not an EAF document: " + parseError(context.get())};
    xmlNodePtr root = xmlDocGetRootElement(doc.get());
    if (!root || !named(root, "ANNOTATION_DOCUMENT")) {
        return Error{"not an EAF document: its root is not ANNOTATION_DOCUMENT"};
    }
    EafDocument document;
    document.author = attributeOf(root, "AUTHOR");
    document.date = attributeOf(root, "DATE");
    for (xmlNodePtr header : childrenNamed(root, "HEADER")) {
        const std::string units = attributeOf(header, "TIME_UNITS");
        if (!units.empty() && units != "milliseconds") {
            return Error{"the EAF document's times are in " + quotedPrintable(units) +
                         ", not milliseconds"};
        }
        for (xmlNodePtr media : childrenNamed(header, "MEDIA_DESCRIPTOR")) {
            EafMedia read{attributeOf(media, "MEDIA_URL"), attributeOf(media, "MIME_TYPE"), {}};
            if (hasAttribute(media, "TIME_ORIGIN")) {
                read.time_origin_ms = wholeNumber(attributeOf(media, "TIME_ORIGIN"));
                if (!read.time_origin_ms) {
                    return Error{"the TIME_ORIGIN of " + quotedPrintable(read.url) +
                                 " is not a whole number of milliseconds"};
                }
            }
            document.media.push_back(std::move(read));
        }
    }
    auto times = readTimeSlots(root);
    if (!times) return times.error();
    for (xmlNodePtr node : childrenNamed(root, "TIER")) {
        auto tier = readTier(node, *times);
        if (!tier) return tier.error();
        document.tiers.push_back(std::move(*tier));
    }
    return document;
}

std::string eafFileUrl(const std::filesystem::path& absolute) {
    static const char* const kHex = "0123456789ABCDEF";
    std::string url = "file://";
    for (unsigned char c : absolute.generic_string()) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '/' || c == '-' || c == '.' || c == '_' ||
                          c == '~';
        if (keep) {
            url += static_cast<char>(c);
        } else {
            url += '%';
            url += kHex[c >> 4];
            url += kHex[c & 0xF];
        }
    }
    return url;
}

std::string eafMimeType(const std::filesystem::path& file) {
    std::string extension = file.extension().string();
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const std::map<std::string, std::string> kTypes = {
        {".mp4", "video/mp4"},   {".m4v", "video/mp4"},       {".mkv", "video/x-matroska"},
        {".webm", "video/webm"}, {".mov", "video/quicktime"}, {".avi", "video/x-msvideo"},
        {".mpg", "video/mpeg"},  {".mpeg", "video/mpeg"},     {".wav", "audio/x-wav"},
        {".ogv", "video/ogg"}};
    const auto found = kTypes.find(extension);
    return found == kTypes.end() ? "video/*" : found->second;
}

}  // namespace mimic::exchange
