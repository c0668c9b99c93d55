// The EAF 3.0 writer and reader (issue 13, build 1): what is written validates against ELAN's
// published schema and reads back the same; the reader refuses what is not an EAF document
// in one line and loads nothing from outside the file.
#include "exchange/eaf.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>

#include <fstream>
#include <memory>

#include "temp_dir.h"

namespace mimic::exchange {
namespace {

const std::filesystem::path kSchema =
    std::filesystem::path(MIMIC_SOURCE_DIR) / "tests" / "exchange" / "EAFv3.0.xsd";

// Whether `xml` validates against ELAN's schema; the validator's messages otherwise.
std::string schemaProblems(const std::string& xml) {
    std::string problems;
    std::unique_ptr<xmlSchemaParserCtxt, decltype(&xmlSchemaFreeParserCtxt)> parser(
        xmlSchemaNewParserCtxt(kSchema.c_str()), xmlSchemaFreeParserCtxt);
    std::unique_ptr<xmlSchema, decltype(&xmlSchemaFree)> schema(xmlSchemaParse(parser.get()),
                                                                xmlSchemaFree);
    if (!schema) return "the schema did not load";
    std::unique_ptr<xmlSchemaValidCtxt, decltype(&xmlSchemaFreeValidCtxt)> valid(
        xmlSchemaNewValidCtxt(schema.get()), xmlSchemaFreeValidCtxt);
    xmlSchemaSetValidStructuredErrors(
        valid.get(),
        [](void* out, xmlErrorPtr error) {
            *static_cast<std::string*>(out) += error->message ? error->message : "?";
        },
        &problems);
    std::unique_ptr<xmlDoc, decltype(&xmlFreeDoc)> doc(
        xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "eaf.xml", nullptr,
                      XML_PARSE_NONET),
        xmlFreeDoc);
    if (!doc) return "not XML";
    if (xmlSchemaValidateDoc(valid.get(), doc.get()) != 0 && problems.empty()) problems = "invalid";
    return problems;
}

EafDocument sample() {
    EafDocument document;
    document.author = "therapist";
    document.date = "2026-12-03T07:00:00Z";
    document.media = {{"file:///data/recordings/r.mkv", "video/x-matroska", std::nullopt},
                      {"file:///data/library/m%20x.mp4", "video/mp4", -1250}};
    document.tiers = {{"A/wave", "A", {{1250, 1251, "wave"}, {300, 301, "big"}}},
                      {"B/look", "B", {{0, 2000, "look"}, {1250, 1250, "look"}}},
                      {"empty", "", {}}};
    return document;
}

TEST(EafTest, WrittenDocumentValidatesAgainstElanSchema) {
    auto xml = writeEaf(sample());
    ASSERT_TRUE(xml.ok()) << xml.error().message;
    EXPECT_EQ(schemaProblems(*xml), "") << *xml;
    EXPECT_NE(xml->find("<PROPERTY NAME=\"lastUsedAnnotationId\">4</PROPERTY>"), std::string::npos)
        << *xml;
    EXPECT_NE(xml->find("TIME_UNITS=\"milliseconds\""), std::string::npos);
    EXPECT_NE(xml->find("TIME_ORIGIN=\"-1250\""), std::string::npos);
    EXPECT_EQ(schemaProblems(*writeEaf(EafDocument{"x", "2026-12-03T07:00:00Z", {}, {}})), "");
}

TEST(EafTest, TimeSlotsAreInTimeOrder) {
    auto xml = writeEaf(sample());
    ASSERT_TRUE(xml.ok());
    std::vector<long> values;
    for (auto at = xml->find("TIME_VALUE=\""); at != std::string::npos;
         at = xml->find("TIME_VALUE=\"", at + 1)) {
        values.push_back(std::stol(xml->substr(at + 12)));
    }
    EXPECT_EQ(values, (std::vector<long>{0, 300, 301, 1250, 1250, 1250, 1251, 2000}));
}

TEST(EafTest, WhatIsWrittenReadsBackTheSame) {
    const EafDocument written = sample();
    auto read = readEaf(*writeEaf(written));
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_EQ(read->author, written.author);
    EXPECT_EQ(read->date, written.date);
    ASSERT_EQ(read->media.size(), 2u);
    EXPECT_EQ(read->media[1].url, written.media[1].url);
    EXPECT_EQ(read->media[1].mime_type, "video/mp4");
    EXPECT_EQ(read->media[1].time_origin_ms, -1250);
    EXPECT_EQ(read->media[0].time_origin_ms, std::nullopt);
    ASSERT_EQ(read->tiers.size(), written.tiers.size());
    for (std::size_t t = 0; t < written.tiers.size(); ++t) {
        EXPECT_EQ(read->tiers[t].id, written.tiers[t].id);
        EXPECT_EQ(read->tiers[t].participant, written.tiers[t].participant);
        ASSERT_EQ(read->tiers[t].annotations.size(), written.tiers[t].annotations.size());
        for (std::size_t a = 0; a < written.tiers[t].annotations.size(); ++a) {
            EXPECT_EQ(read->tiers[t].annotations[a].start_ms,
                      written.tiers[t].annotations[a].start_ms);
            EXPECT_EQ(read->tiers[t].annotations[a].end_ms, written.tiers[t].annotations[a].end_ms);
            EXPECT_EQ(read->tiers[t].annotations[a].value, written.tiers[t].annotations[a].value);
        }
    }
}

TEST(EafTest, MarkupInNamesIsEscapedAndReadBack) {
    EafDocument document = sample();
    const std::string hostile = "<x a=\"1\"/>&amp;'\xC3\xA9</TIER>";
    document.tiers = {{hostile + "/wave", hostile, {{5, 6, hostile}}}};
    auto xml = writeEaf(document);
    ASSERT_TRUE(xml.ok());
    EXPECT_EQ(schemaProblems(*xml), "");
    auto read = readEaf(*xml);
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_EQ(read->tiers.size(), 1u);
    EXPECT_EQ(read->tiers[0].id, hostile + "/wave");
    EXPECT_EQ(read->tiers[0].participant, hostile);
    EXPECT_EQ(read->tiers[0].annotations.at(0).value, hostile);
}

TEST(EafTest, WriterRefusesTimesOutOfOrderAndTwoTiersOfOneName) {
    EafDocument document = sample();
    document.tiers[0].annotations[0] = {500, 400, "wave"};
    EXPECT_FALSE(writeEaf(document).ok());
    document = sample();
    document.tiers[0].annotations[0] = {-1, 4, "wave"};
    EXPECT_FALSE(writeEaf(document).ok());
    document = sample();
    document.tiers[1].id = "A/wave";
    auto refused = writeEaf(document);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.error().message.find("two tiers"), std::string::npos);
}

// A small EAF as ELAN writes one, with the given TIME_ORDER and annotation.
std::string elanDocument(const std::string& slots, const std::string& annotation,
                         const std::string& header_units = "milliseconds") {
    return R"(<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="" DATE="2020-01-01T00:00:00+01:00" FORMAT="3.0" VERSION="3.0">
  <HEADER MEDIA_FILE="" TIME_UNITS=")" +
           header_units + R"(">
    <MEDIA_DESCRIPTOR MEDIA_URL="file:///x.mp4" MIME_TYPE="video/mp4" TIME_ORIGIN="40"/>
  </HEADER>
  <TIME_ORDER>)" +
           slots + R"(</TIME_ORDER>
  <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Ann" TIER_ID="gesture">
    <ANNOTATION>)" +
           annotation + R"(</ANNOTATION>
  </TIER>
  <TIER LINGUISTIC_TYPE_REF="ref" PARENT_REF="gesture" TIER_ID="notes">
    <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="a9" ANNOTATION_REF="a1">
      <ANNOTATION_VALUE>a note</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
  </TIER>
  <LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="default-lt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>)";
}

const std::string kSlots =
    R"(<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="900"/>)";

TEST(EafTest, ReadsAnElanDocumentsAlignedAnnotations) {
    auto read = readEaf(elanDocument(kSlots, R"(<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1"
        TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>point at cup</ANNOTATION_VALUE>
        </ALIGNABLE_ANNOTATION>)"));
    ASSERT_TRUE(read.ok()) << read.error().message;
    ASSERT_EQ(read->tiers.size(), 2u);
    EXPECT_EQ(read->tiers[0].participant, "Ann");
    ASSERT_EQ(read->tiers[0].annotations.size(), 1u);
    EXPECT_EQ(read->tiers[0].annotations[0].start_ms, 100);
    EXPECT_EQ(read->tiers[0].annotations[0].end_ms, 900);
    EXPECT_EQ(read->tiers[0].annotations[0].value, "point at cup");
    EXPECT_TRUE(read->tiers[1].annotations.empty()) << "reference annotations are passed over";
    EXPECT_EQ(read->media.at(0).time_origin_ms, 40);
}

TEST(EafTest, ReaderRefusesWhatIsNotAnEafDocumentInOneLine) {
    const std::string aligned =
        R"(<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
           <ANNOTATION_VALUE>x</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION>)";
    const std::string backwards =
        R"(<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="900"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="100"/>)";
    const std::string unaligned =
        R"(<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="100"/><TIME_SLOT TIME_SLOT_ID="ts2"/>)";
    const std::string negative =
        R"(<TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="-5"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1"/>)";
    const std::pair<std::string, std::string> cases[] = {
        {"", "not an EAF document"},
        {"<ANNOTATION_DOCUMENT><HEADER>", "not an EAF document"},
        {"<html/>", "root is not ANNOTATION_DOCUMENT"},
        {elanDocument(backwards, aligned), "out of order"},
        {elanDocument(unaligned, aligned), "has no time"},
        {elanDocument(negative, aligned), "non-negative"},
        {elanDocument(kSlots, aligned, "PAL-frames"), "not milliseconds"},
    };
    for (const auto& [xml, expected] : cases) {
        auto read = readEaf(xml);
        ASSERT_FALSE(read.ok()) << xml;
        EXPECT_NE(read.error().message.find(expected), std::string::npos) << read.error().message;
        EXPECT_EQ(read.error().message.find('\n'), std::string::npos) << read.error().message;
    }
}

TEST(EafTest, ReaderLoadsNoExternalEntity) {
    testing::TempDir dir("eaf");
    std::ofstream(dir / "secret.txt") << "SECRET";
    const std::string xml =
        "<?xml version=\"1.0\"?><!DOCTYPE ANNOTATION_DOCUMENT [<!ENTITY s "
        "SYSTEM \"file://" +
        (dir / "secret.txt").string() + "\">]>" +
        elanDocument(kSlots, R"(<ALIGNABLE_ANNOTATION ANNOTATION_ID="a1"
        TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2"><ANNOTATION_VALUE>&s;</ANNOTATION_VALUE>
        </ALIGNABLE_ANNOTATION>)")
            .substr(39);
    auto read = readEaf(xml);
    if (read.ok()) {
        ASSERT_FALSE(read->tiers.empty());
        EXPECT_EQ(read->tiers[0].annotations.at(0).value.find("SECRET"), std::string::npos);
    }
}

TEST(EafTest, FileUrlsAndMimeTypes) {
    EXPECT_EQ(eafFileUrl("/data/library/a b#1.mp4"), "file:///data/library/a%20b%231.mp4");
    EXPECT_EQ(eafMimeType("x/clip.MP4"), "video/mp4");
    EXPECT_EQ(eafMimeType("r.mkv"), "video/x-matroska");
    EXPECT_EQ(eafMimeType("r.xyz"), "video/*");
}

}  // namespace
}  // namespace mimic::exchange
