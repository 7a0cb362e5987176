// Real files over the wire: an ImportReturns header that maps a force's own headers, gives
// values for every row, names forces and outcomes the file's way and says the file is
// Windows-1252; .xlsx workbooks, with and without hidden content; retried imports.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "foi/v1/ingest_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

// Saved by Excel as plain "CSV": Windows-1252, an en dash (0x96) and an "é" (0xE9).
constexpr char kExport[] =
    "Force,Outcome,Number,Comments,Total,Ref,Force\r\n"
    "D&C,NFA \x96 evidential difficulties,6,Vu par M. Ren\xE9,10,R\xE9"
    "f 77,\r\n"
    "D&C,Community resolution,4,,10,R\xE9"
    "f 77,\r\n"
    "north yorkshire,Community resolution,3,,3,,\r\n";

class RealFilesEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    ASSERT_THAT(admin_key_, ::testing::StartsWith("foi_"));
    ingest_ =
        testing::ServiceProcess::Start(FOI_INGEST_BINARY, {"--database_url=" + database_->url()});
    ASSERT_NE(ingest_, nullptr);
    stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
  }

  // The header a user of a force's export sends.
  static foi::v1::ImportHeader ExportHeader() {
    foi::v1::ImportHeader header;
    header.set_format(foi::v1::IMPORT_FORMAT_CSV);
    header.set_source("D&C and North Yorkshire replies.csv");
    header.set_encoding("windows-1252");
    auto& columns = *header.mutable_columns();
    columns["outcome"] = "OUTCOME";
    columns["count"] = " number ";
    columns["total_reports"] = "Total";
    columns["foi_reference"] = "ref";
    columns["force"] = "force";  // in two cells of the file
    auto& defaults = *header.mutable_defaults();
    defaults["offence"] = "disclosing-private-sexual-images";
    defaults["period_start"] = "2018-01-01";
    defaults["period_end"] = "2018-12-31";
    defaults["not_yet_assigned"] = "0";
    defaults["foi_reference"] = "NY/2019/1";
    (*header.mutable_force_names())["d&c"] = "devon-and-cornwall";
    return header;
  }

  grpc::Status Import(const foi::v1::ImportHeader& header, const std::string& file,
                      foi::v1::ImportReturnsResponse& response) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + admin_key_);
    auto writer = stub_->ImportReturns(&context, &response);
    foi::v1::ImportReturnsRequest message;
    *message.mutable_header() = header;
    writer->Write(message);
    for (size_t i = 0; i < file.size(); i += 16) {
      message.set_chunk(file.substr(i, 16));
      writer->Write(message);
    }
    writer->WritesDone();
    return writer->Finish();
  }

  static std::vector<std::string> FieldsOf(const grpc::Status& status) {
    std::vector<std::string> fields;
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return fields;
    for (const auto& detail : details.details()) {
      google::rpc::BadRequest bad_request;
      if (!detail.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        fields.push_back(violation.field() + ": " + violation.description());
      }
    }
    return fields;
  }

  static std::string ReadTestFile(const std::string& relative) {
    std::ifstream in(std::string(FOI_SOURCE_DIR) + "/" + relative, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

  // tests/data/xlsx/hidden.xlsx, read as a return of figures: its visible rows are Lancashire's
  // Charged 15, Caution 11 and NFA 70.
  static foi::v1::ImportHeader HiddenWorkbookHeader() {
    foi::v1::ImportHeader header;  // format unspecified: recognised by content
    header.set_source("hidden.xlsx");
    auto& columns = *header.mutable_columns();
    columns["force"] = "Police force";
    columns["outcome"] = "Outcome";
    columns["count"] = "Count";
    auto& defaults = *header.mutable_defaults();
    defaults["offence"] = "disclosing-private-sexual-images";
    defaults["period_start"] = "2019-01-01";
    defaults["period_end"] = "2019-12-31";
    defaults["foi_reference"] = "LAN/2020/7";
    defaults["total_reports"] = "96";
    defaults["not_yet_assigned"] = "0";
    (*header.mutable_outcome_labels())["Caution"] = "3";
    (*header.mutable_outcome_labels())["NFA"] = "14+15+16";
    return header;
  }

  // Every text the database holds about returns, to look for what must not be there.
  std::string EverythingStored() {
    pqxx::connection connection(database_->url());
    pqxx::read_transaction txn(connection);
    std::string all;
    for (const char* query :
         {"SELECT string_agg(label, '|') FROM return_lines",
          "SELECT string_agg(force_id || foi_reference || source, '|') FROM foi_returns",
          "SELECT string_agg(reason, '|') FROM audit_log"}) {
      const pqxx::field field = txn.exec1(query)[0];
      if (!field.is_null()) all += field.as<std::string>();
    }
    return all;
  }

  std::string admin_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_;
  std::unique_ptr<foi::v1::IngestService::Stub> stub_;
};

TEST_F(RealFilesEndToEnd, AnAmbiguousMappedHeaderIsACellError) {
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(ExportHeader(), kExport, response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_THAT(FieldsOf(status),
              ElementsAre("rows[1].columns[7]: force: header 'Force' appears twice, in columns "
                          "1 and 7"));
}

TEST_F(RealFilesEndToEnd, ImportsAWindows1252ExportThroughItsHeader) {
  foi::v1::ImportHeader header = ExportHeader();
  (*header.mutable_columns())["force"] = "Force ";
  std::string file = kExport;
  file.replace(file.find(",Force\r\n"), 7, ",\r\n");  // the second "Force" cell left blank
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(header, file, response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.rows(), 3);
  ASSERT_EQ(response.returns_imported(), 2);
  EXPECT_EQ(response.returns(0).force_id(), "devon-and-cornwall");
  EXPECT_EQ(response.returns(0).foi_reference(),
            "R\xC3\xA9"
            "f 77");
  EXPECT_EQ(response.returns(0).offence_id(), "disclosing-private-sexual-images");
  EXPECT_EQ(response.returns(1).force_id(), "north-yorkshire");
  EXPECT_EQ(response.returns(1).foi_reference(), "NY/2019/1");

  foi::v1::GetReturnRequest get;
  get.set_return_id(response.returns(0).return_id());
  foi::v1::GetReturnResponse stored;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin_key_);
  ASSERT_TRUE(stub_->GetReturn(&context, get, &stored).ok());
  ASSERT_EQ(stored.foi_return().lines_size(), 2);
  EXPECT_EQ(stored.foi_return().lines(0).label(), "NFA \xE2\x80\x93 evidential difficulties");
}

TEST_F(RealFilesEndToEnd, RefusesUnknownColumnsAndEncodingsInTheHeader) {
  foi::v1::ImportHeader header = ExportHeader();
  (*header.mutable_columns())["colour"] = "Colour";
  (*header.mutable_defaults())["shoe_size"] = "9";
  header.set_encoding("latin1");
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(header, kExport, response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::vector<std::string> fields = FieldsOf(status);
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_THAT(fields[0], HasSubstr("header.columns[\"colour\"]: no column is called 'colour'"));
  EXPECT_THAT(fields[1], HasSubstr("header.defaults[\"shoe_size\"]"));
  EXPECT_THAT(fields[2], HasSubstr("header.encoding: 'latin1'"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(RealFilesEndToEnd, AWorkbookWithHiddenContentIsRefusedNamingEveryPlace) {
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status =
      Import(HiddenWorkbookHeader(), ReadTestFile("tests/data/xlsx/hidden.xlsx"), response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  std::vector<std::string> places;
  for (const std::string& field : FieldsOf(status))
    places.push_back(field.substr(0, field.find(':')));
  EXPECT_THAT(places, ::testing::UnorderedElementsAre("Workings", "Lookup", "Reply!4", "Reply!6",
                                                      "Reply!D", "Reply!B3"));
  for (const char* place :
       {"Workings", "Lookup", "Reply!4:4", "Reply!6:6", "Reply!D:D", "Reply!B3"}) {
    EXPECT_THAT(status.error_message(), HasSubstr(place));
  }
  // Places only: never what is hidden there.
  EXPECT_THAT(status.error_message(), Not(HasSubstr("SECRET")));
  for (const std::string& field : FieldsOf(status)) EXPECT_THAT(field, Not(HasSubstr("SECRET")));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(RealFilesEndToEnd, AllowedHiddenContentIsLeftOutOfEverythingStoredAndAnswered) {
  foi::v1::ImportHeader header = HiddenWorkbookHeader();
  header.set_allow_hidden_content(true);
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(header, ReadTestFile("tests/data/xlsx/hidden.xlsx"), response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.rows(), 3);  // rows 2, 3 and 5: the hidden rows are not read
  ASSERT_EQ(response.returns_imported(), 1);
  EXPECT_EQ(response.returns(0).total_reports(), 96);
  EXPECT_THAT(response.DebugString(), Not(HasSubstr("SECRET")));
  const std::string stored = EverythingStored();
  EXPECT_THAT(stored, HasSubstr("Charged|Caution|NFA"));
  EXPECT_THAT(stored, Not(HasSubstr("SECRET")));
}

TEST_F(RealFilesEndToEnd, ACaseLevelWorkbookIsCountedWithItsDatesAndLabels) {
  foi::v1::ImportHeader header;
  header.set_format(foi::v1::IMPORT_FORMAT_XLSX);
  header.set_layout(foi::v1::IMPORT_LAYOUT_CASES);
  header.set_source("reply.xlsx");
  (*header.mutable_columns())["force"] = "Police force";
  (*header.mutable_columns())["outcome"] = "Outcome";
  // The file's "Offence" column describes the offence in words: left unread, the default instead.
  (*header.mutable_columns())["offence"] = "";
  auto& defaults = *header.mutable_defaults();
  defaults["offence"] = "disclosing-private-sexual-images";
  defaults["period_start"] = "2019-04-01";
  defaults["period_end"] = "2020-03-31";
  defaults["foi_reference"] = "LAN/2020/0412";
  auto& labels = *header.mutable_outcome_labels();
  labels["Charged"] = "1+1A";
  labels["Charged/summonsed"] = "1+1A";
  labels["Evidential difficulties - suspect identified"] = "15+16";
  labels["Not in the public interest"] = "10+12+21";
  labels["Caution"] = "3";
  labels["Investigation complete - no suspect identified"] = "18";  // the file has an en dash
  labels[""] = "unknown";
  foi::v1::ImportReturnsResponse response;
  // Read, the column's words are one error for all its rows.
  header.mutable_columns()->erase("offence");
  const grpc::Status words = Import(header, ReadTestFile("tests/data/xlsx/reply.xlsx"), response);
  EXPECT_THAT(FieldsOf(words),
              ElementsAre(HasSubstr("Reply!B2: offence: unknown offence 'Disclosing private sexual "
                                    "images' (in 7 rows)")));
  (*header.mutable_columns())["offence"] = "";
  const grpc::Status status = Import(header, ReadTestFile("tests/data/xlsx/reply.xlsx"), response);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n"
                           << ::testing::PrintToString(FieldsOf(status));
  EXPECT_EQ(response.rows(), 7);
  ASSERT_EQ(response.returns_imported(), 1);
  EXPECT_EQ(response.returns(0).total_reports(), 7);
  EXPECT_EQ(response.returns(0).unknown_outcome_reports(), 1);

  foi::v1::GetReturnRequest get;
  get.set_return_id(response.returns(0).return_id());
  foi::v1::GetReturnResponse stored;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + admin_key_);
  ASSERT_TRUE(stub_->GetReturn(&context, get, &stored).ok());
  ASSERT_EQ(stored.foi_return().lines_size(), 5);
  EXPECT_EQ(stored.foi_return().lines(0).label(), "charged");
  EXPECT_EQ(stored.foi_return().lines(0).count(), 2);  // "charged" and "CHARGED/SUMMONSED"
}

TEST_F(RealFilesEndToEnd, WorkbookErrorsNameTheSheetAndCell) {
  foi::v1::ImportHeader header = HiddenWorkbookHeader();
  header.set_allow_hidden_content(true);
  (*header.mutable_outcome_labels()).erase("NFA");
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(header, ReadTestFile("tests/data/xlsx/hidden.xlsx"), response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(FieldsOf(status), ElementsAre(HasSubstr("Reply!B5: outcome: 'NFA' (in 1 row)")));

  header.set_sheet("Notes");
  EXPECT_EQ(Import(header, ReadTestFile("tests/data/xlsx/hidden.xlsx"), response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(RealFilesEndToEnd, ARetriedUploadStoresOnceAndGetsTheSameAnswer) {
  foi::v1::ImportHeader header = HiddenWorkbookHeader();
  header.set_allow_hidden_content(true);
  header.set_request_id("7d1e2c3b-4a5f-4e6d-8c7b-9a0f1e2d3c4b");
  const std::string file = ReadTestFile("tests/data/xlsx/hidden.xlsx");
  foi::v1::ImportReturnsResponse first, again;
  ASSERT_TRUE(Import(header, file, first).ok());
  ASSERT_TRUE(Import(header, file, again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 1);

  // The same id with another header is refused.
  header.set_source("another name");
  foi::v1::ImportReturnsResponse refused;
  const grpc::Status reused = Import(header, file, refused);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(reused.error_message(), HasSubstr("already used"));

  header.set_request_id("not-a-uuid");
  EXPECT_THAT(FieldsOf(Import(header, file, refused)),
              ElementsAre(HasSubstr("header.request_id: 'not-a-uuid' is not a UUID")));
}

TEST_F(RealFilesEndToEnd, AWorkbookSentAsCsvIsToldWhatItIs) {
  foi::v1::ImportHeader header = HiddenWorkbookHeader();
  header.set_format(foi::v1::IMPORT_FORMAT_CSV);
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Import(header, ReadTestFile("tests/data/xlsx/reply.xlsx"), response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("is an .xlsx workbook, not CSV"));
}

}  // namespace
}  // namespace foi
