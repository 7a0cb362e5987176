#include "ingest-service/src/text_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest-service/src/csv_reader.h"

namespace foi::ingest {
namespace {

using ::testing::HasSubstr;

// `bytes` decoded from `encoding`, fed `chunk` bytes at a time.
std::string Decoded(absl::string_view bytes, TextEncoding encoding, size_t chunk) {
  absl::StatusOr<std::unique_ptr<TextDecoder>> decoder = TextDecoder::Create(encoding);
  EXPECT_TRUE(decoder.ok()) << decoder.status();
  std::string out;
  for (size_t i = 0; i < bytes.size(); i += chunk) (*decoder)->Decode(bytes.substr(i, chunk), out);
  (*decoder)->Finish(out);
  return out;
}

TEST(TextDecoder, TurnsWindows1252EnDashAndAccentsIntoUtf8) {
  EXPECT_EQ(Decoded("NFA \x96 Caf\xE9 \x80", TextEncoding::kWindows1252, 1024),
            "NFA \xE2\x80\x93 Caf\xC3\xA9 \xE2\x82\xAC");
}

TEST(TextDecoder, GivesTheSameTextWhereverChunksEnd) {
  const std::string file = "force,outcome\nkent,Caut\xE9 \x96 \x93quoted\x94\n";
  const std::string whole = Decoded(file, TextEncoding::kWindows1252, file.size());
  for (size_t chunk = 1; chunk < 8; ++chunk) {
    EXPECT_EQ(Decoded(file, TextEncoding::kWindows1252, chunk), whole) << "chunk " << chunk;
  }
  // UTF-8 passes through untouched, a character cut in two included.
  EXPECT_EQ(Decoded("a\xE2\x80\x93z", TextEncoding::kUtf8, 2), "a\xE2\x80\x93z");
}

TEST(TextDecoder, PassesUndefinedBytesOnForTheReaderToPlace) {
  for (char undefined : {'\x81', '\x8D', '\x8F', '\x90', '\x9D'}) {
    const std::string decoded =
        Decoded(std::string("a,b\nx,y") + undefined + "z\n", TextEncoding::kWindows1252, 3);
    std::vector<CsvRecord> records;
    CsvReader reader([&](const CsvRecord& record) { records.push_back(record); },
                     TextEncoding::kWindows1252);
    reader.Feed(decoded);
    reader.Finish();
    ASSERT_EQ(reader.errors().size(), 1u);
    EXPECT_EQ(reader.errors()[0].row, 2);
    EXPECT_EQ(reader.errors()[0].column, 2);
    EXPECT_THAT(reader.errors()[0].message, HasSubstr("is not a character in Windows-1252"));
  }
}

TEST(ParseTextEncoding, TakesUtf8AndWindows1252Only) {
  EXPECT_EQ(ParseTextEncoding(""), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("utf-8"), TextEncoding::kUtf8);
  EXPECT_EQ(ParseTextEncoding("Windows-1252"), TextEncoding::kWindows1252);
  EXPECT_EQ(ParseTextEncoding("latin1"), std::nullopt);
}

}  // namespace
}  // namespace foi::ingest
