// Real files over the wire: an ImportReturns header that maps a force's own headers, gives
// values for every row, names forces the file's way and says the file is Windows-1252.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

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

}  // namespace
}  // namespace foi
