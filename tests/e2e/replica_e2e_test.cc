// Scale-out on one machine: a primary and a streaming replica made with pg_basebackup. The
// stats service reads the replica first (a multi-host connection string), keeps answering from
// the primary when the replica stops, and sees new returns either way.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/private_postgres.h"
#include "tests/support/service_process.h"

namespace foi {
namespace {

class Replica : public ::testing::Test {
 protected:
  // Submits the seed return for `force_id`, as the FOI team.
  void Submit(const std::string& force_id) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = testing::SeedReturnMessage();
    request.mutable_foi_return()->set_force_id(force_id);
    foi::v1::SubmitReturnResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + key_);
    const grpc::Status status = ingest_stub_->SubmitReturn(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Rows of CompareForces once there are `rows` of them, or after ten seconds.
  int RowsWhenThereAre(int rows) {
    foi::v1::CompareForcesRequest compare;
    compare.set_offence_id("disclosing-private-sexual-images");
    compare.set_period_start("2015-01-01");
    compare.set_period_end("2017-12-31");
    compare.set_outcome_group("no-further-action");
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int seen = -1;
    while (std::chrono::steady_clock::now() < give_up) {
      foi::v1::CompareForcesResponse response;
      grpc::ClientContext context;
      if (stats_stub_->CompareForces(&context, compare, &response).ok()) {
        seen = response.rows_size();
        if (seen >= rows) break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return seen;
  }

  std::string key_;
  std::unique_ptr<foi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

TEST_F(Replica, StatsReadTheReplicaFallBackToThePrimaryAndStayFresh) {
  auto primary = testing::PrivatePostgres::Start();
  ASSERT_NE(primary, nullptr);
  ASSERT_TRUE(primary->CreateMigratedDatabase("foi"));
  auto replica = testing::PrivatePostgres::StartReplicaOf(*primary);
  ASSERT_NE(replica, nullptr);
  key_ = testing::CreateKeyWithCli("foi-team", primary->Url("postgres", "foi"));

  auto ingest = testing::ServiceProcess::Start(
      FOI_INGEST_BINARY, {"--database_url=" + primary->Url("postgres", "foi")});
  ASSERT_NE(ingest, nullptr);
  const std::string both =
      absl::StrCat("postgresql://foi_stats@127.0.0.1:", replica->port(),
                   ",127.0.0.1:", primary->port(), "/foi?target_session_attrs=prefer-standby");
  auto stats = testing::ServiceProcess::Start(FOI_STATS_BINARY, {"--database_url=" + both});
  ASSERT_NE(stats, nullptr);
  ingest_stub_ = foi::v1::IngestService::NewStub(ingest->channel());
  stats_stub_ = foi::v1::StatsService::NewStub(stats->channel());

  // Written on the primary, seen through the replica.
  Submit("lancashire");
  EXPECT_EQ(RowsWhenThereAre(1), 1);
  {
    pqxx::connection on_replica(replica->Url("postgres", "foi"));
    EXPECT_GT(pqxx::read_transaction(on_replica)
                  .exec1("SELECT count(*) FROM pg_stat_activity WHERE usename = 'foi_stats'")[0]
                  .as<int>(),
              0)
        << "the stats service should read the replica";
  }

  // The replica stops: the stats service goes on, from the primary.
  ASSERT_TRUE(replica->Stop());
  Submit("cumbria");
  EXPECT_EQ(RowsWhenThereAre(2), 2);
  EXPECT_EQ(stats->Stop(), 0);
}

}  // namespace
}  // namespace foi
