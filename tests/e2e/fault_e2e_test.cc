// The database dies under load: 16 clients keep submitting returns while the PostgreSQL
// server is killed with SIGKILL and started again. Afterwards every acknowledged return is
// stored whole, nothing is stored half, and both services recover without a restart.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/iso_date.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/private_postgres.h"
#include "tests/support/service_process.h"

namespace foi {
namespace {

constexpr int kClients = 16;
constexpr int kReturnsPerClient = 25;
const char* const kForces[kClients] = {
    "avon-and-somerset", "bedfordshire", "cambridgeshire", "cheshire", "cleveland", "cumbria",
    "derbyshire",        "dorset",       "durham",         "essex",    "kent",      "lancashire",
    "merseyside",        "norfolk",      "suffolk",        "surrey"};

bool Serving(const std::shared_ptr<grpc::Channel>& channel) {
  auto health = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
  grpc::health::v1::HealthCheckResponse response;
  return health->Check(&context, {}, &response).ok() &&
         response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

bool WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < give_up) {
    if (Serving(channel)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(DatabaseFault, KilledAndRestartedServerLosesNothingAcknowledgedAndServicesRecover) {
  auto postgres = testing::PrivatePostgres::Start();
  ASSERT_NE(postgres, nullptr);
  ASSERT_TRUE(postgres->CreateMigratedDatabase("foi"));
  const std::string url = postgres->Url("postgres", "foi");
  const std::string key = testing::CreateKeyWithCli("foi-team", url);
  auto ingest = testing::ServiceProcess::Start(FOI_INGEST_BINARY, {"--database_url=" + url});
  ASSERT_NE(ingest, nullptr);
  auto stats = testing::ServiceProcess::Start(
      FOI_STATS_BINARY, {"--database_url=" + postgres->Url("foi_stats", "foi")});
  ASSERT_NE(stats, nullptr);

  absl::Mutex mutex;
  std::map<std::string, std::string> acknowledged;  // request id -> return id
  std::atomic<int> submitted{0};
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      auto stub = foi::v1::IngestService::NewStub(
          grpc::CreateChannel(ingest->address(), grpc::InsecureChannelCredentials()));
      for (int i = 0; i < kReturnsPerClient; ++i) {
        foi::v1::SubmitReturnRequest request;
        *request.mutable_foi_return() = testing::SeedReturnMessage();
        request.mutable_foi_return()->set_force_id(kForces[client]);
        const std::string day = FormatIsoDate(absl::CivilDay(2016, 1, 1) + i);
        request.mutable_foi_return()->set_period_start(day);
        request.mutable_foi_return()->set_period_end(day);
        request.set_request_id(absl::StrFormat("00000000-0000-4000-8000-%06d%06d", client, i));
        // Retry with the same request id until acknowledged: a retry after a lost reply must
        // get the first result, never a second copy.
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        while (std::chrono::steady_clock::now() < give_up) {
          grpc::ClientContext context;
          context.AddMetadata("authorization", "Bearer " + key);
          context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
          foi::v1::SubmitReturnResponse response;
          const grpc::Status status = stub->SubmitReturn(&context, request, &response);
          if (status.ok()) {
            absl::MutexLock lock(&mutex);
            acknowledged[request.request_id()] = response.foi_return().return_id();
            break;
          }
          EXPECT_TRUE(status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
              << status.error_code() << " " << status.error_message();
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ++submitted;
      }
    });
  }

  // Crash the server once the writes are well under way, and bring it back a second later.
  while (submitted < kClients * kReturnsPerClient / 4) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(postgres->Crash());
  std::this_thread::sleep_for(std::chrono::seconds(1));
  EXPECT_FALSE(Serving(ingest->channel())) << "health must follow the database down";
  ASSERT_TRUE(postgres->Restart());
  for (std::thread& client : clients) client.join();

  EXPECT_EQ(acknowledged.size(), static_cast<size_t>(kClients * kReturnsPerClient));
  pqxx::connection connection(url);
  pqxx::read_transaction txn(connection);
  // Every acknowledged return is stored, with its five lines.
  for (const auto& [request_id, return_id] : acknowledged) {
    EXPECT_EQ(txn.exec_params1("SELECT count(*) FROM return_lines WHERE return_id = $1::uuid",
                               return_id)[0]
                  .as<int>(),
              5)
        << request_id;
  }
  // Nothing is half-stored, and nothing is stored twice.
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM foi_returns r WHERE NOT EXISTS (SELECT 1 FROM "
                      "return_lines l WHERE l.return_id = r.return_id)")[0]
                .as<int>(),
            0);
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM foi_returns")[0].as<size_t>(), acknowledged.size());

  // Both services came back by themselves.
  EXPECT_TRUE(WaitUntilServing(ingest->channel()));
  EXPECT_TRUE(WaitUntilServing(stats->channel()));
  auto stats_stub = foi::v1::StatsService::NewStub(stats->channel());
  foi::v1::CompareForcesRequest compare;
  compare.set_offence_id("disclosing-private-sexual-images");
  compare.set_period_start("2016-01-01");
  compare.set_period_end("2016-12-31");
  compare.set_outcome_group("no-further-action");
  foi::v1::CompareForcesResponse comparison;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  do {
    comparison.Clear();
    grpc::ClientContext context;
    ASSERT_TRUE(stats_stub->CompareForces(&context, compare, &comparison).ok());
  } while (comparison.rows_size() < kClients && std::chrono::steady_clock::now() < give_up &&
           (std::this_thread::sleep_for(std::chrono::milliseconds(100)), true));
  EXPECT_EQ(comparison.rows_size(), kClients);
  EXPECT_EQ(ingest->Stop(), 0);
  EXPECT_EQ(stats->Stop(), 0);
}

}  // namespace
}  // namespace foi
