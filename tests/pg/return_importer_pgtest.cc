// ReturnImporter on a real PostgreSQL database, fed the way the gRPC stream feeds it.
#include "ingest-service/src/return_importer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/db/catalog_loader.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/iso_date.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace foi::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string ReadFile(const std::string& relative) {
  std::ifstream in(std::string(FOI_SOURCE_DIR) + "/" + relative, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// Hands `text` over in chunks of `chunk_size` bytes, as the received file is read back.
ChunkSource Chunks(const std::string& text, size_t chunk_size) {
  auto offset = std::make_shared<size_t>(0);
  return [text, chunk_size, offset](std::string& chunk) -> absl::StatusOr<bool> {
    if (*offset >= text.size()) return false;
    chunk = text.substr(*offset, chunk_size);
    *offset += chunk_size;
    return true;
  };
}

class ReturnImporterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    pool_ = std::make_unique<db::ConnectionPool>(database_->url(), 2);
    auto catalog = db::LoadCatalog(*pool_);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::make_unique<Catalog>(*std::move(catalog));
    importer_ = std::make_unique<ReturnImporter>(*catalog_, *pool_,
                                                 [] { return absl::CivilDay(2026, 11, 29); });
    team_ = testing::CreateTestKey(*pool_, auth::Role::kFoiTeam).principal;
  }

  absl::StatusOr<ImportResult> Import(const std::string& csv, size_t chunk_size = 7,
                                      const auth::Principal* caller = nullptr,
                                      bool validate_only = false) {
    return importer_->Import(caller ? *caller : team_, Chunks(csv, chunk_size),
                             {.source = "test file", .validate_only = validate_only});
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<ReturnImporter> importer_;
  auth::Principal team_;
};

TEST_F(ReturnImporterTest, ImportsTheSampleFile) {
  auto result = Import(ReadFile("deploy/local/sample-import.csv"));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rows, 15);
  EXPECT_EQ(result->returns_imported, 3);
  ASSERT_EQ(result->returns.size(), 3u);
  EXPECT_EQ(result->returns[0].force_id, "lancashire");
  EXPECT_EQ(result->returns[1].force_id, "devon-and-cornwall");
  EXPECT_EQ(result->returns[1].foi_reference, "SYNTHETIC-CSV-2, \"quoted\"");
  EXPECT_EQ(result->returns[2].force_id, "metropolitan");
  const auto counts = database_->ReturnTableCounts();
  EXPECT_EQ(counts.at("foi_returns"), 3);
  EXPECT_EQ(counts.at("return_lines"), 15);

  // The withheld "<5" is stored as withheld, the label as written, types in order given.
  pqxx::connection connection(database_->url());
  pqxx::read_transaction txn(connection);
  const pqxx::row line = txn.exec1(
      "SELECT l.count IS NULL, l.suppressed, l.label FROM return_lines l JOIN foi_returns r "
      "USING (return_id, version) WHERE r.force_id = 'lancashire' AND l.line_no = 3");
  EXPECT_TRUE(line[0].as<bool>());
  EXPECT_TRUE(line[1].as<bool>());
  EXPECT_EQ(line[2].as<std::string>(), "Not in the public interest");
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM audit_log WHERE action = 'import'")[0].as<long>(), 3);
}

// A force's own export, saved by Excel as plain "CSV" (Windows-1252): its own headers, a
// column nobody needs, the offence and reference given once for every row.
TEST_F(ReturnImporterTest, ImportsAWindows1252FileThroughAColumnMapAndDefaults) {
  const std::string file =
      "Police force,Outcome,Number,Notes,From,To,Total,Outstanding,Reference\r\n"
      "Devon & Cornwall Police,NFA \x96 evidential difficulties,6,Vu par M. Ren\xE9,"
      "2018-01-01,2018-12-31,10,0,R\xE9"
      "f 2019\x96"
      "014\r\n"
      "Devon & Cornwall Police,Community resolution,4,,2018-01-01,2018-12-31,10,0,\r\n";
  auto result = importer_->Import(
      team_, Chunks(file, 5),
      {.source = "D&C reply.csv",
       .reader = {.encoding = TextEncoding::kWindows1252},
       .mapping = {.columns = {{"force", "police force"},
                               {"outcome", "OUTCOME"},
                               {"count", "Number"},
                               {"period_start", "From"},
                               {"period_end", "To"},
                               {"total_reports", "Total"},
                               {"not_yet_assigned", "Outstanding"},
                               {"foi_reference", "reference"}},
                   .defaults = {{"offence", "disclosing-private-sexual-images"},
                                // The blank cell of the second row: the same reference.
                                {"foi_reference",
                                 "R\xC3\xA9"
                                 "f 2019\xE2\x80\x93"
                                 "014"}}}});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->returns_imported, 1);
  pqxx::connection connection(database_->url());
  pqxx::work txn(connection);
  const pqxx::result lines = txn.exec(
      "SELECT r.force_id, r.foi_reference, l.label FROM return_lines l JOIN foi_returns r "
      "USING (return_id, version) ORDER BY l.line_no");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0][0].as<std::string>(), "devon-and-cornwall");
  EXPECT_EQ(lines[0][1].as<std::string>(),
            "R\xC3\xA9"
            "f 2019\xE2\x80\x93"
            "014");
  EXPECT_EQ(lines[0][2].as<std::string>(), "NFA \xE2\x80\x93 evidential difficulties");
  EXPECT_EQ(lines[1][2].as<std::string>(), "Community resolution");
}

TEST_F(ReturnImporterTest, AByteWindows1252LeavesUndefinedIsACellError) {
  const std::string file =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n"
      "kent,disclosing-private-sexual-images,2018-01-01,2018-12-31,R\x81,1,0,1,1\n"
      "kent,disclosing-private-sexual-images,2019-01-01,2019-12-31,R2,1,0,1,1\n";
  auto result =
      importer_->Import(team_, Chunks(file, 4),
                        {.source = "test", .reader = {.encoding = TextEncoding::kWindows1252}});
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = FieldViolationsOf(result.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "rows[2].columns[5]");
  EXPECT_THAT(violations[0].description, HasSubstr("0x81 is not a character in Windows-1252"));
}

TEST_F(ReturnImporterTest, ABrokenFileReportsEveryErrorWithRowAndColumnAndStoresNothing) {
  auto result = Import(ReadFile("tests/data/broken-import.csv"), 5);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(result.status())) {
    fields.push_back(violation.field);
  }
  EXPECT_THAT(fields, ElementsAre("rows[3].columns[8]", "rows[3].columns[9]", "rows[4].columns[1]",
                                  "rows[4].columns[3]", "rows[5].columns[9]"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnImporterTest, ReturnRulesAreCheckedAndMappedBackToRows) {
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,outcome,"
      "count\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,1,10\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,31,0,1A+1,10\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,18,5\n";
  auto result = Import(csv);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> violations = FieldViolationsOf(result.status());
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations) fields.push_back(violation.field);
  // Row 3 repeats type 1 and states another total; the totals (30 vs 25) do not add up.
  EXPECT_THAT(fields,
              ElementsAre("rows[2].columns[6]", "rows[3].columns[6]", "rows[3].columns[8]"));
  EXPECT_THAT(violations[2].description, HasSubstr("already counted"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

constexpr char kHeader[] =
    "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,outcome,"
    "count\n";

// A NUL, a C1 control or a bidirectional override in a cell read is that cell's error, never a
// database error quoting the row.
TEST_F(ReturnImporterTest, ControlAndBidiCharactersAreCellErrors) {
  const std::string csv =
      std::string(kHeader) +
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,Charged,20\n" +
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,18," +
      std::string(
          "1\0"
          "0",
          3) +
      "\n" +
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A\xc2\x85,30,0,1A,5\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,\xe2\x80\xae"
      "2,5\n";
  auto result = Import(csv);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  const std::vector<FieldViolation> violations = FieldViolationsOf(result.status());
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations) fields.push_back(violation.field);
  EXPECT_THAT(fields,
              ElementsAre("rows[3].columns[9]", "rows[4].columns[5]", "rows[5].columns[8]"));
  EXPECT_THAT(violations[0].description, HasSubstr("U+0000"));
  EXPECT_THAT(violations[1].description, HasSubstr("U+0085"));
  EXPECT_THAT(violations[2].description, HasSubstr("U+202E"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnImporterTest, AYearZeroDateIsACellErrorNotADatabaseFailure) {
  const std::string csv =
      std::string(kHeader) +
      "cumbria,disclosing-private-sexual-images,0000-01-01,2018-12-31,A,30,0,Charged,30\n";
  auto result = Import(csv);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  EXPECT_EQ(FieldViolationsOf(result.status()).at(0).field, "rows[2].columns[3]");
}

// The client went away while the file was being checked: nothing may be committed.
TEST_F(ReturnImporterTest, AnImportNoLongerWantedStoresNothing) {
  int asked = 0;
  auto result = importer_->Import(team_, Chunks(ReadFile("deploy/local/sample-import.csv"), 64),
                                  {.source = "test file", .still_wanted = [&] {
                                     ++asked;
                                     return false;
                                   }});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kCancelled) << result.status();
  EXPECT_EQ(ReasonOf(result.status()), "UPLOAD_INCOMPLETE");
  EXPECT_GE(asked, 1);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

// Imports beyond the slots wait for one rather than fail at once, and give up with IMPORT_BUSY
// only after the wait. Two imports hold the slots (their files do not end until released).
TEST_F(ReturnImporterTest, ImportsBeyondTheSlotsWaitTheirTurn) {
  static_assert(kMaxConcurrentImports == 2);
  ReturnImporter importer(
      *catalog_, *pool_, [] { return absl::CivilDay(2026, 11, 29); }, absl::Seconds(1));
  absl::Notification release;
  std::atomic<int> holding{0};
  auto held_file = [&](int year) -> ChunkSource {
    auto sent = std::make_shared<bool>(false);
    return [&, year, sent](std::string& chunk) -> absl::StatusOr<bool> {
      if (*sent) return false;
      ++holding;
      release.WaitForNotification();
      chunk = std::string(kHeader) + "cumbria,disclosing-private-sexual-images," +
              std::to_string(year) + "-01-01," + std::to_string(year) +
              "-12-31,A,30,0,Charged,30\n";
      *sent = true;
      return true;
    };
  };
  std::vector<absl::StatusOr<ImportResult>> held(2);
  std::vector<std::thread> holders;
  for (int i = 0; i < 2; ++i) {
    holders.emplace_back([&, i] { held[i] = importer.Import(team_, held_file(2016 + i), {}); });
  }
  while (holding.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(10));

  // A third waits, and gives up when no slot comes free within the wait.
  auto busy =
      importer.Import(team_,
                      Chunks(std::string(kHeader) + "cumbria,disclosing-private-sexual-images,"
                                                    "2019-01-01,2019-12-31,A,30,0,Charged,30\n",
                             64),
                      {});
  EXPECT_EQ(busy.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ReasonOf(busy.status()), "IMPORT_BUSY");

  // Another waits while they hold the slots, and goes through once one is free.
  absl::StatusOr<ImportResult> waited;
  std::thread waiter([&] {
    waited =
        importer.Import(team_,
                        Chunks(std::string(kHeader) + "cumbria,disclosing-private-sexual-images,"
                                                      "2020-01-01,2020-12-31,A,30,0,Charged,30\n",
                               64),
                        {});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  release.Notify();
  waiter.join();
  for (std::thread& holder : holders) holder.join();
  EXPECT_TRUE(waited.ok()) << waited.status();
  for (const auto& result : held) EXPECT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 3);
}

TEST_F(ReturnImporterTest, RealReplyShapesImportExactly) {
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count,unaccounted_reports,unknown_outcome_reports,exemptions\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,P,199,0,1,89,10,,\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,P,199,0,18,100,10,,\n"
      "merseyside,disclosing-private-sexual-images,2018-01-01,2018-12-31,R,524,0,,,524,,s12\n"
      "lancashire,disclosing-private-sexual-images,2015-01-01,2015-12-31,E,30,0,1,30,,,\n";
  auto result = Import(csv);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->returns_imported, 3);
  std::map<std::string, FoiReturn> by_force;
  for (const FoiReturn& r : result->returns) by_force[r.force_id] = r;
  EXPECT_EQ(by_force["cumbria"].unaccounted_reports, 10);
  EXPECT_EQ(by_force["merseyside"].unaccounted_reports, 524);
  EXPECT_THAT(by_force["merseyside"].exemptions, ElementsAre("s12"));
  std::vector<std::string> warned;
  for (const ImportWarning& warning : result->warnings) {
    warned.push_back(absl::StrCat(warning.row, ":", warning.column));
  }
  // Row 4: most of the refusal's reports are not broken down (column 10); row 5: the period
  // starts before the offence came into force (column 3).
  EXPECT_THAT(warned, ElementsAre("4:10", "5:3"));
  pqxx::connection connection(database_->url());
  pqxx::read_transaction txn(connection);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM return_lines l JOIN foi_returns r USING (return_id) "
                      "WHERE r.force_id = 'merseyside'")[0]
                .as<int>(),
            0);
  EXPECT_EQ(txn.exec1("SELECT array_to_string(exemptions, ',') FROM foi_returns "
                      "WHERE force_id = 'merseyside'")[0]
                .as<std::string>(),
            "s12");
}

TEST_F(ReturnImporterTest, RowsOfOneReturnMustAgreeOnItsDeclaredGaps) {
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count,unaccounted_reports\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,P,199,0,1,89,10\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,P,199,0,18,100,11\n";
  auto result = Import(csv);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(result.status()).front().field, "rows[3].columns[10]");
}

// The overlap constraint refuses the write; the import then names every overlapping return
// by its first row, stores nothing, and a trial run finds the same without writing.
TEST_F(ReturnImporterTest, OverlappingReturnsAreRefused) {
  ASSERT_TRUE(Import(ReadFile("deploy/local/sample-import.csv")).ok());
  const auto counts = database_->ReturnTableCounts();
  for (const bool validate_only : {false, true}) {
    auto again = Import(ReadFile("deploy/local/sample-import.csv"), 7, nullptr, validate_only);
    ASSERT_EQ(again.status().code(), absl::StatusCode::kInvalidArgument) << validate_only;
    const auto violations = FieldViolationsOf(again.status());
    ASSERT_EQ(violations.size(), 3u) << again.status();
    for (const FieldViolation& violation : violations) {
      EXPECT_THAT(violation.field, ::testing::EndsWith(".columns[3]"));
      EXPECT_THAT(violation.description, HasSubstr("overlaps active return"));
    }
    EXPECT_EQ(database_->ReturnTableCounts(), counts);
  }
}

TEST_F(ReturnImporterTest, ReturnsOfOneFileThatOverlapAreRefusedAtTheLaterOne) {
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,10,0,Charged,10\n"
      "dorset,disclosing-private-sexual-images,2018-06-01,2019-05-31,B,5,0,Charged,5\n"
      "cumbria,disclosing-private-sexual-images,2018-12-31,2019-12-31,C,7,0,Charged,7\n";
  auto result = Import(csv);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const auto violations = FieldViolationsOf(result.status());
  ASSERT_EQ(violations.size(), 1u) << result.status();
  EXPECT_EQ(violations[0].field, "rows[4].columns[3]");
  EXPECT_THAT(violations[0].description,
              HasSubstr("another return of this file that ends on 2018-12-31"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

// Returns are sent to the database as they are checked: a rule broken by the last return of
// the file still leaves nothing stored, and the connection serves the next import.
TEST_F(ReturnImporterTest, AnErrorInTheLastReturnUndoesTheReturnsSentBeforeIt) {
  std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n";
  for (int year = 2000; year < 2025; ++year) {
    csv += absl::StrCat("cumbria,harassment,", year, "-01-01,", year, "-12-31,R", year,
                        ",10,0,Charged,10\n");
  }
  const std::string broken =
      csv + "wiltshire,harassment,2016-01-01,2016-12-31,W,5,0,Charged,6\n";  // 6 of 5
  auto result = Import(broken);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument) << result.status();
  const auto violations = FieldViolationsOf(result.status());
  ASSERT_EQ(violations.size(), 1u) << result.status();
  EXPECT_EQ(violations[0].field, "rows[27].columns[6]");  // total_reports
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
  EXPECT_EQ(database_->ReturnTableCounts().at("return_lines"), 0);

  auto fixed = Import(csv);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_EQ(fixed->returns_imported, 25);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 25);
}

// A client that leaves while its returns are being sent to the database (the importer looks
// every 65,536 rows it assembles) stores nothing, and the connection serves the next import.
TEST_F(ReturnImporterTest, AClientLeavingWhileReturnsAreWrittenStoresNothing) {
  std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n";
  const absl::CivilDay first(2000, 1, 1);
  for (const char* force : {"cumbria", "dorset", "kent", "lancashire", "merseyside", "northumbria",
                            "suffolk", "surrey", "sussex", "wiltshire"}) {
    for (int day = 0; day < 7000; ++day) {
      const std::string date = FormatIsoDate(first + day);
      absl::StrAppend(&csv, force, ",harassment,", date, ",", date, ",R,3,0,Charged,3\n");
    }
  }
  // A good file: every return would be sent.
  ASSERT_TRUE(Import(csv, 1 << 16, nullptr, /*validate_only=*/true).ok());
  int asked = 0;
  auto left =
      importer_->Import(team_, Chunks(csv, 1 << 16), {.source = "test file", .still_wanted = [&] {
                                                        ++asked;
                                                        return false;
                                                      }});
  EXPECT_EQ(left.status().code(), absl::StatusCode::kCancelled) << left.status();
  EXPECT_EQ(asked, 1);  // first asked while assembling, with returns sent already
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);

  auto next = Import(ReadFile("deploy/local/sample-import.csv"));
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), next->returns_imported);
}

// Rows of one return need not be next to each other: they are grouped wherever they are,
// lines in file order, and every return gets its lines, its audit event and nothing else.
TEST_F(ReturnImporterTest, RowsOfAReturnScatteredThroughTheFileAreGroupedInFileOrder) {
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,Charged,10\n"
      "dorset,disclosing-private-sexual-images,2018-01-01,2018-12-31,B,5,0,Charged,5\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,18,<5\n"
      "dorset,stalking,2018-01-01,2018-12-31,D,1,0,Charged,1\n"
      "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,A,30,0,14,17\n";
  auto result = Import(csv);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->returns_imported, 3);
  ASSERT_EQ(result->returns.size(), 3u);
  EXPECT_EQ(result->returns[0].foi_reference, "A");
  EXPECT_EQ(result->returns[1].foi_reference, "B");
  EXPECT_EQ(result->returns[2].foi_reference, "D");
  pqxx::connection connection(database_->url());
  pqxx::read_transaction txn(connection);
  EXPECT_EQ(txn.exec1("SELECT string_agg(coalesce(l.count::text, 'withheld') || ':' || "
                      "array_to_string(l.outcome_types, '+'), ' ' ORDER BY l.line_no) "
                      "FROM return_lines l JOIN foi_returns r USING (return_id, version) "
                      "WHERE r.foi_reference = 'A'")[0]
                .as<std::string>(),
            "10:1+1A withheld:18 17:14");
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM audit_log a JOIN foi_returns r USING (return_id) "
                      "WHERE a.action = 'import' AND a.reason = 'test file' AND r.version = 1")[0]
                .as<long>(),
            3);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM return_lines")[0].as<long>(), 5);
}

TEST_F(ReturnImporterTest, ValidateOnlyStoresNothing) {
  auto result = Import(ReadFile("deploy/local/sample-import.csv"), 64, nullptr, true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->returns_imported, 3);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnImporterTest, AForceKeyImportsOnlyItsOwnForce) {
  const auth::Principal cumbria =
      testing::CreateTestKey(*pool_, auth::Role::kForce, "cumbria").principal;
  auto result = Import(ReadFile("deploy/local/sample-import.csv"), 64, &cumbria);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnImporterTest, AnEmptyFileIsAnError) {
  EXPECT_EQ(Import("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Import("force,offence,period_start,period_end,foi_reference,total_reports,"
                   "not_yet_assigned,outcome,count\r\n")
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// A case-level export as forces and journalists hold them: one row per report, the file's own
// headers, columns nobody needs, force names typed by hand, labels in any case, blank outcomes,
// and a cancelled ("no crime") record that is not a report at all.
constexpr char kCaseFile[] =
    "Crime ref,Police force,Date recorded,Outcome,Notes\n"
    "C1,kent police,2019-02-01,Charged,\n"
    "C2,Kent,2019-03-11,EVIDENTIAL DIFFICULTIES,\n"
    "C3,KENT POLICE,2019-04-02,,blank outcome\n"
    "C4,Devon & Cornwall Police,2019-05-09,charged,\n"
    "C5,kent police,2019-06-30,No crime,cancelled\n"
    "C6,north yorkshire,2019-07-01,Investigation ongoing,\n"
    "C7,Kent Police,2019-08-15,charged,\n"
    "C8,devon and cornwall,2019-09-01,Community resolution,\n";

ImportOptions CaseOptions() {
  return {.source = "cases.csv",
          .mapping = {.layout = RowLayout::kCases,
                      .columns = {{"force", "Police force"}, {"outcome", "Outcome"}},
                      .defaults = {{"offence", "disclosing-private-sexual-images"},
                                   {"period_start", "2019-01-01"},
                                   {"period_end", "2019-12-31"},
                                   {"foi_reference", "CASES-2020"}},
                      .outcome_labels = {{"Charged", "1"},
                                         {"Evidential difficulties", "14+15+16"},
                                         {"", "unknown"},
                                         {"no crime", "not-a-report"},
                                         {"Investigation ongoing", "not-yet-assigned"}}}};
}

TEST_F(ReturnImporterTest, ACaseLevelFileIsCountedIntoOneReturnPerForce) {
  auto result = importer_->Import(team_, Chunks(kCaseFile, 9), CaseOptions());
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rows, 8);
  EXPECT_EQ(result->returns_imported, 3);
  std::map<std::string, FoiReturn> by_force;
  for (const FoiReturn& r : result->returns) by_force[r.force_id] = r;
  // Kent: 5 rows, one of them no crime: 4 reports, 2 charged, 1 evidential, 1 unknown.
  EXPECT_EQ(by_force["kent"].total_reports, 4);
  EXPECT_EQ(by_force["kent"].unknown_outcome_reports, 1);
  EXPECT_EQ(by_force["devon-and-cornwall"].total_reports, 2);
  EXPECT_EQ(by_force["north-yorkshire"].total_reports, 1);
  EXPECT_EQ(by_force["north-yorkshire"].not_yet_assigned, 1);

  pqxx::connection connection(database_->url());
  pqxx::read_transaction txn(connection);
  const pqxx::result lines = txn.exec(
      "SELECT array_to_string(l.outcome_types, '+'), l.count, l.label FROM return_lines l "
      "JOIN foi_returns r USING (return_id, version) WHERE r.force_id = 'kent' ORDER BY l.line_no");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0][0].as<std::string>(), "1");
  EXPECT_EQ(lines[0][1].as<int>(), 2);
  EXPECT_EQ(lines[0][2].as<std::string>(), "Charged");
  EXPECT_EQ(lines[1][0].as<std::string>(), "14+15+16");
  EXPECT_EQ(lines[1][1].as<int>(), 1);
}

TEST_F(ReturnImporterTest, UnknownLabelsAndForcesAreReportedOnceEachWithTheirRows) {
  std::string file = "Police force,Outcome\n";
  for (int i = 0; i < 40; ++i) file += "Kent Police,Chargd\n";
  for (int i = 0; i < 3; ++i) file += "Lancshire,Charged\n";
  auto result = importer_->Import(team_, Chunks(file, 64), CaseOptions());
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> violations = FieldViolationsOf(result.status());
  ASSERT_EQ(violations.size(), 2u);
  EXPECT_EQ(violations[0].field, "rows[2].columns[2]");
  EXPECT_THAT(violations[0].description, HasSubstr("'Chargd' (in 40 rows)"));
  EXPECT_THAT(violations[0].description, HasSubstr("did you mean 'charged'?"));
  EXPECT_EQ(violations[1].field, "rows[42].columns[1]");
  EXPECT_THAT(violations[1].description, HasSubstr("'Lancshire' (in 3 rows)"));
  EXPECT_THAT(violations[1].description, HasSubstr("did you mean 'Lancashire Constabulary'?"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnImporterTest, AForceNameMappedToNoForceIsAHeaderError) {
  ImportOptions options = CaseOptions();
  options.mapping.force_names["N Yorks"] = "north-yorks";
  auto result = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> violations = FieldViolationsOf(result.status());
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "header.force_names[\"N Yorks\"]");
  EXPECT_THAT(violations[0].description, HasSubstr("'north-yorks' is not a force id"));
}

TEST_F(ReturnImporterTest, ALabelMeaningNothingKnownIsAHeaderError) {
  ImportOptions options = CaseOptions();
  options.mapping.outcome_labels["Cautioned"] = "caution";
  auto result = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  ASSERT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(result.status()).at(0).field, "header.outcome_labels[\"Cautioned\"]");
}

TEST_F(ReturnImporterTest, ARetriedImportStoresOnceAndAnswersAsTheFirstTime) {
  ImportOptions options = CaseOptions();
  options.claim = {"2f1d7a6e-5f43-4a53-9f0a-0e6a1f1b2c3d", "hash of the header and the file"};
  int encoded = 0;
  options.encode_answer = [&encoded](const ImportResult& result) {
    ++encoded;
    return absl::StrCat("answer: ", result.returns_imported, " returns");
  };
  auto first = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->replayed_answer.has_value());
  auto again = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  ASSERT_TRUE(again.ok()) << again.status();
  ASSERT_TRUE(again->replayed_answer.has_value());
  EXPECT_EQ(*again->replayed_answer, "answer: 3 returns");
  EXPECT_EQ(encoded, 1);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 3);

  // The same id for another file is refused, and stores nothing.
  options.claim.request_hash = "another file";
  auto reused = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(reused.status()), "REQUEST_ID_REUSED");
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 3);
}

TEST_F(ReturnImporterTest, AnotherKeysRequestIdIsNeverAnsweredFrom) {
  ImportOptions options = CaseOptions();
  options.claim = {"3e4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7", "the same upload"};
  options.encode_answer = [](const ImportResult&) { return std::string("the first key's"); };
  ASSERT_TRUE(importer_->Import(team_, Chunks(kCaseFile, 64), options).ok());
  const auth::Principal other = testing::CreateTestKey(*pool_, auth::Role::kFoiTeam).principal;
  auto replay = importer_->Import(other, Chunks(kCaseFile, 64), options);
  EXPECT_EQ(replay.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(replay.status()), "REQUEST_ID_REUSED");
}

TEST_F(ReturnImporterTest, AFailedImportLeavesItsRequestIdFreeForTheCorrectedFile) {
  ImportOptions options = CaseOptions();
  options.claim = {"6b1c0f3e-8d7a-4c2b-9e5f-1a2b3c4d5e6f", "first try"};
  options.encode_answer = [](const ImportResult&) { return std::string("stored"); };
  auto broken =
      importer_->Import(team_, Chunks("Police force,Outcome\nAtlantis,Charged\n", 64), options);
  ASSERT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  auto fixed = importer_->Import(team_, Chunks(kCaseFile, 64), options);
  ASSERT_TRUE(fixed.ok()) << fixed.status();
  EXPECT_FALSE(fixed->replayed_answer.has_value());
  EXPECT_EQ(fixed->returns_imported, 3);
}

TEST_F(ReturnImporterTest, ConcurrentRetriesOfOneImportStoreItOnce) {
  ImportOptions options = CaseOptions();
  options.claim = {"0c9d8e7f-6a5b-4c3d-8e1f-2a3b4c5d6e7f", "the same upload"};
  options.encode_answer = [](const ImportResult&) { return std::string("stored"); };
  std::vector<absl::StatusOr<ImportResult>> results(2);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < results.size(); ++i) {
    threads.emplace_back(
        [&, i] { results[i] = importer_->Import(team_, Chunks(kCaseFile, 3), options); });
  }
  for (std::thread& thread : threads) thread.join();
  int replays = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    replays += result->replayed_answer.has_value() ? 1 : 0;
  }
  EXPECT_EQ(replays, 1);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 3);
}

}  // namespace
}  // namespace foi::ingest
