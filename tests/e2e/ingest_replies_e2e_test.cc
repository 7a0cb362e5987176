// Real reply shapes through the ingest service over a real channel: a refusal, a partial reply
// and a reply dated before the offence existed are stored exactly and answered with warnings;
// an undeclared gap is still refused, with the field that would record it.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "foi/v1/ingest_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/ingest_service_test.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::HasSubstr;

class RepliesAsGiven : public testing::IngestServiceTest {
 protected:
  grpc::Status Submit(const foi::v1::FoiReturn& r, bool validate_only,
                      foi::v1::SubmitReturnResponse* response) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = r;
    request.set_validate_only(validate_only);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + key_);
    return stub_->SubmitReturn(&context, request, response);
  }

  static foi::v1::FoiReturn Refusal() {
    foi::v1::FoiReturn r = testing::SeedReturnMessage();
    r.clear_lines();
    r.set_force_id("merseyside");
    r.set_period_start("2015-01-01");  // the offence came into force on 2015-04-13
    r.set_period_end("2020-12-31");
    r.set_total_reports(524);
    r.set_not_yet_assigned(0);
    r.set_unaccounted_reports(524);
    r.add_exemptions("s12");
    return r;
  }
};

TEST_F(RepliesAsGiven, ARefusalIsStoredExactlyWithItsWarnings) {
  foi::v1::SubmitReturnResponse trial, stored;
  ASSERT_TRUE(Submit(Refusal(), /*validate_only=*/true, &trial).ok());
  ASSERT_TRUE(Submit(Refusal(), /*validate_only=*/false, &stored).ok());
  // A trial run gives the same warnings as the write.
  ASSERT_EQ(trial.warnings_size(), stored.warnings_size());
  std::vector<std::string> fields;
  for (const foi::v1::Warning& warning : stored.warnings()) fields.push_back(warning.field());
  EXPECT_THAT(fields, ::testing::UnorderedElementsAre("period_start", "unaccounted_reports"));
  // What is read back is what the force said.
  foi::v1::GetReturnRequest get;
  get.set_return_id(stored.foi_return().return_id());
  foi::v1::GetReturnResponse read;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + key_);
  ASSERT_TRUE(stub_->GetReturn(&context, get, &read).ok());
  EXPECT_EQ(read.foi_return().lines_size(), 0);
  EXPECT_EQ(read.foi_return().total_reports(), 524);
  EXPECT_EQ(read.foi_return().unaccounted_reports(), 524);
  ASSERT_EQ(read.foi_return().exemptions_size(), 1);
  EXPECT_EQ(read.foi_return().exemptions(0), "s12");
  EXPECT_EQ(read.foi_return().period_start(), "2015-01-01");  // as the force gave it
}

TEST_F(RepliesAsGiven, AnUndeclaredGapIsRefusedWithTheFieldThatWouldRecordIt) {
  foi::v1::FoiReturn partial = testing::SeedReturnMessage();
  partial.set_total_reports(230);  // 10 more than the lines and not_yet_assigned explain
  foi::v1::SubmitReturnResponse response;
  const grpc::Status refused = Submit(partial, false, &response);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(refused.error_message(), HasSubstr("so 10 of total_reports (230) are unexplained"));
  EXPECT_THAT(refused.error_message(), HasSubstr("unaccounted_reports"));
  partial.set_unaccounted_reports(10);
  const grpc::Status stored = Submit(partial, false, &response);
  EXPECT_TRUE(stored.ok()) << stored.error_message();
}

}  // namespace
}  // namespace foi
