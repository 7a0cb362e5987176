// The errors a client can provoke carry a google.rpc.ErrorInfo whose reason a program can
// branch on (AIP-193), with the domain foi.v1 and metadata where it helps: checked over real
// channels against both services. Reasons a client cannot provoke at will are pinned closer to
// their code: IMPORT_BUSY and UPLOAD_INCOMPLETE in tests/pg/return_importer_pgtest.cc. The reasons
// of database failures (DATABASE_*, COMMIT_OUTCOME_UNKNOWN, INTERNAL_ERROR) are set in one
// place, common/db/pq_errors.cc, and not provoked here.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <sstream>

#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/rpc_status.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

testing::ErrorInfoOf ReasonOf(const grpc::Status& status) {
  return testing::ErrorInfoOfStatus(status);
}

class ErrorReasons : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    reader_key_ = testing::CreateKeyWithCli("reader", database_->url());
    lancashire_key_ = testing::CreateKeyWithCli("force", database_->url(), "lancashire");
    ASSERT_FALSE(lancashire_key_.empty());
    ingest_ = testing::ServiceProcess::Start(
        FOI_INGEST_BINARY, {"--database_url=" + database_->url(), "--import_max_bytes=16384"});
    ASSERT_NE(ingest_, nullptr);
    stats_ = testing::ServiceProcess::Start(FOI_STATS_BINARY,
                                            {"--database_url=" + database_->UrlAs("foi_stats")});
    ASSERT_NE(stats_, nullptr);
    ingest_stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
    stats_stub_ = foi::v1::StatsService::NewStub(stats_->channel());
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& key) {
    auto context = std::make_unique<grpc::ClientContext>();
    if (!key.empty()) context->AddMetadata("authorization", key);
    return context;
  }
  std::string Bearer(const std::string& key) { return "Bearer " + key; }

  grpc::Status Submit(const foi::v1::FoiReturn& r, const std::string& authorization,
                      const std::string& request_id = "",
                      foi::v1::SubmitReturnResponse* response = nullptr) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = r;
    request.set_request_id(request_id);
    foi::v1::SubmitReturnResponse ignored;
    return ingest_stub_->SubmitReturn(As(authorization).get(), request,
                                      response ? response : &ignored);
  }

  grpc::Status Amend(const std::string& return_id, const foi::v1::FoiReturn& r,
                     int expected_version = 0) {
    foi::v1::AmendReturnRequest request;
    request.set_return_id(return_id);
    *request.mutable_foi_return() = r;
    request.set_reason("correction");
    request.set_expected_version(expected_version);
    foi::v1::AmendReturnResponse response;
    return ingest_stub_->AmendReturn(As(Bearer(admin_key_)).get(), request, &response);
  }

  grpc::Status Import(const std::vector<foi::v1::ImportReturnsRequest>& messages) {
    foi::v1::ImportReturnsResponse response;
    auto context = As(Bearer(admin_key_));
    auto writer = ingest_stub_->ImportReturns(context.get(), &response);
    for (const auto& message : messages) writer->Write(message);
    writer->WritesDone();
    return writer->Finish();
  }

  static foi::v1::ImportReturnsRequest Header() {
    foi::v1::ImportReturnsRequest message;
    message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
    return message;
  }
  static foi::v1::ImportReturnsRequest Chunk(const std::string& bytes) {
    foi::v1::ImportReturnsRequest message;
    message.set_chunk(bytes);
    return message;
  }

  std::string admin_key_, reader_key_, lancashire_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_, stats_;
  std::unique_ptr<foi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

#define EXPECT_REASON(call, code, expected_reason)                                      \
  do {                                                                                  \
    const grpc::Status status_ = (call);                                                \
    EXPECT_EQ(status_.error_code(), grpc::StatusCode::code) << status_.error_message(); \
    const testing::ErrorInfoOf reason_ = ReasonOf(status_);                             \
    EXPECT_EQ(reason_.reason, expected_reason) << status_.error_message();              \
    EXPECT_EQ(reason_.domain, "foi.v1");                                                \
  } while (false)

TEST_F(ErrorReasons, KeysAndRoles) {
  const foi::v1::FoiReturn seed = testing::SeedReturnMessage();
  EXPECT_REASON(Submit(seed, ""), UNAUTHENTICATED, "KEY_MISSING");
  EXPECT_REASON(Submit(seed, "Basic " + admin_key_), UNAUTHENTICATED, "KEY_MALFORMED");
  EXPECT_REASON(Submit(seed, Bearer("foi_nonsense")), UNAUTHENTICATED, "KEY_MALFORMED");
  std::string forged = admin_key_;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_REASON(Submit(seed, Bearer(forged)), UNAUTHENTICATED, "KEY_UNKNOWN");
  EXPECT_REASON(Submit(seed, Bearer(reader_key_)), PERMISSION_DENIED, "KEY_READ_ONLY");
  foi::v1::FoiReturn cumbria = seed;
  cumbria.set_force_id("cumbria");
  const grpc::Status other_force = Submit(cumbria, Bearer(lancashire_key_));
  EXPECT_REASON(other_force, PERMISSION_DENIED, "FORCE_NOT_ALLOWED");
  EXPECT_EQ(ReasonOf(other_force).metadata["allowed_force_id"], "lancashire");
}

TEST_F(ErrorReasons, ReturnsAndTheirHistory) {
  const foi::v1::FoiReturn seed = testing::SeedReturnMessage();
  foi::v1::FoiReturn invalid = seed;
  invalid.set_total_reports(221);
  EXPECT_REASON(Submit(invalid, Bearer(admin_key_)), INVALID_ARGUMENT, "INVALID_FIELDS");

  foi::v1::SubmitReturnResponse first;
  const std::string request_id = "4f9d6c1a-0b2e-4c3d-9e8f-7a6b5c4d3e2f";
  ASSERT_TRUE(Submit(seed, Bearer(admin_key_), request_id, &first).ok());
  const std::string return_id = first.foi_return().return_id();

  const grpc::Status overlap = Submit(seed, Bearer(admin_key_));
  EXPECT_REASON(overlap, FAILED_PRECONDITION, "OVERLAPS_ACTIVE_RETURN");
  EXPECT_EQ(ReasonOf(overlap).metadata["return_id"], return_id);

  foi::v1::FoiReturn other = seed;
  other.set_force_id("cumbria");
  EXPECT_REASON(Submit(other, Bearer(admin_key_), request_id), INVALID_ARGUMENT,
                "REQUEST_ID_REUSED");

  foi::v1::GetReturnRequest get;
  get.set_return_id("00000000-0000-4000-8000-000000000000");
  foi::v1::GetReturnResponse got;
  EXPECT_REASON(ingest_stub_->GetReturn(As(Bearer(reader_key_)).get(), get, &got), NOT_FOUND,
                "RETURN_NOT_FOUND");
  get.set_return_id(return_id);
  get.set_version(7);
  EXPECT_REASON(ingest_stub_->GetReturn(As(Bearer(reader_key_)).get(), get, &got), NOT_FOUND,
                "VERSION_NOT_FOUND");

  foi::v1::FoiReturn moved = seed;
  moved.set_force_id("cumbria");
  EXPECT_REASON(Amend(return_id, moved), INVALID_ARGUMENT, "FORCE_OR_OFFENCE_CHANGED");
  ASSERT_TRUE(Amend(return_id, seed, 1).ok());
  const grpc::Status stale = Amend(return_id, seed, 1);
  EXPECT_REASON(stale, ABORTED, "VERSION_MISMATCH");
  EXPECT_EQ(ReasonOf(stale).metadata["latest_version"], "2");

  foi::v1::WithdrawReturnRequest withdraw;
  withdraw.set_return_id(return_id);
  withdraw.set_reason("sent twice");
  foi::v1::WithdrawReturnResponse withdrawn;
  ASSERT_TRUE(
      ingest_stub_->WithdrawReturn(As(Bearer(admin_key_)).get(), withdraw, &withdrawn).ok());
  const grpc::Status not_active = Amend(return_id, seed);
  EXPECT_REASON(not_active, FAILED_PRECONDITION, "RETURN_NOT_ACTIVE");
  EXPECT_EQ(ReasonOf(not_active).metadata["status"], "withdrawn");
}

TEST_F(ErrorReasons, Imports) {
  EXPECT_REASON(Import({Chunk("force\n")}), INVALID_ARGUMENT, "HEADER_MISSING");
  EXPECT_REASON(Import({Header(), Chunk("force\n"), Header()}), INVALID_ARGUMENT,
                "HEADER_REPEATED");
  EXPECT_REASON(Import({Header(), Chunk("force,offence\nkent,x\n")}), INVALID_ARGUMENT,
                "FILE_INVALID");
  EXPECT_REASON(Import({Header(), Chunk(std::string(20000, 'x'))}), INVALID_ARGUMENT,
                "FILE_TOO_LARGE");
  const auto workbook = [](const std::string& name, const std::string& sheet) {
    foi::v1::ImportReturnsRequest header;
    header.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_XLSX);
    header.mutable_header()->set_sheet(sheet);
    std::ifstream in(std::string(FOI_SOURCE_DIR) + "/tests/data/xlsx/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return std::vector<foi::v1::ImportReturnsRequest>{header, Chunk(bytes.str())};
  };
  EXPECT_REASON(Import(workbook("hidden.xlsx", "")), FAILED_PRECONDITION, "HIDDEN_CONTENT");
  EXPECT_REASON(Import(workbook("hidden.xlsx", "Workings")), INVALID_ARGUMENT, "SHEET_HIDDEN");
  EXPECT_REASON(Import(workbook("reply.xlsx", "Nope")), INVALID_ARGUMENT, "SHEET_NOT_FOUND");
  foi::v1::ImportReturnsRequest bad_header = Header();
  bad_header.mutable_header()->set_source("a\x1b[2J");
  EXPECT_REASON(Import({bad_header, Chunk("force\n")}), INVALID_ARGUMENT, "INVALID_FIELDS");
}

TEST_F(ErrorReasons, Statistics) {
  foi::v1::CompareForcesRequest compare;
  compare.set_offence_id("jaywalking");
  compare.set_period_start("2015-01-01");
  compare.set_period_end("2017-12-31");
  compare.set_outcome_group("charged-or-summonsed");
  foi::v1::CompareForcesResponse response;
  grpc::ClientContext context;
  EXPECT_REASON(stats_stub_->CompareForces(&context, compare, &response), INVALID_ARGUMENT,
                "INVALID_FIELDS");
}

}  // namespace
}  // namespace foi
