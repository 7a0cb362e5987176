// Both service binaries against a real database, called over real gRPC channels.
#include <gmock/gmock.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <map>
#include <set>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"

#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::HasSubstr;

foi::v1::FoiReturn SeedReturn() { return testing::SeedReturnMessage(); }

class ServicesEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    const std::string database_flag = "--database_url=" + database_->url();
    // Keys are made the way an operator makes them: with the command line.
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    ASSERT_THAT(admin_key_, ::testing::StartsWith("foi_"));
    ingest_ = testing::ServiceProcess::Start(FOI_INGEST_BINARY, {database_flag});
    ASSERT_NE(ingest_, nullptr);
    // The stats service reads as the read-only role, through a multi-host connection string
    // whose first host is down: libpq falls back to the next, as it would to a primary.
    stats_ = testing::ServiceProcess::Start(
        FOI_STATS_BINARY,
        {"--database_url=" +
         database_->UrlAs("foi_stats", absl::StrCat("127.0.0.1:", testing::FreePort()))});
    ASSERT_NE(stats_, nullptr);
    ingest_stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
    stats_stub_ = foi::v1::StatsService::NewStub(stats_->channel());
  }

  // CompareForces, asked again until `done` holds for the answer (the stats service refreshes
  // within a second of a commit) or two seconds pass.
  template <typename Done>
  foi::v1::CompareForcesResponse CompareUntil(const foi::v1::CompareForcesRequest& request,
                                              Done done) {
    foi::v1::CompareForcesResponse response;
    // A change shows within about a second; a machine busy with other tests can take longer.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
      response.Clear();
      grpc::ClientContext context;
      EXPECT_TRUE(stats_stub_->CompareForces(&context, request, &response).ok());
      if (done(response)) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (std::chrono::steady_clock::now() < give_up);
    return response;
  }

  // The seed return's offence over 2015 to 2017, no further action as the numerator.
  static foi::v1::CompareForcesRequest SeedWindow() {
    foi::v1::CompareForcesRequest compare;
    compare.set_offence_id("disclosing-private-sexual-images");
    compare.set_period_start("2015-01-01");
    compare.set_period_end("2017-12-31");
    compare.set_outcome_group("no-further-action");
    return compare;
  }

  foi::v1::CompareForcesResponse CompareOnceFresh(const foi::v1::CompareForcesRequest& request) {
    return CompareUntil(request, [](const auto& response) { return response.rows_size() > 0; });
  }

  // A client context carrying the admin key.
  std::unique_ptr<grpc::ClientContext> AsAdmin() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + admin_key_);
    return context;
  }

  std::string admin_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_;
  std::unique_ptr<testing::ServiceProcess> stats_;
  std::unique_ptr<foi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

TEST_F(ServicesEndToEnd, SubmittedSeedReturnShowsInCompareForces) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse submitted;
  grpc::Status status = ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &submitted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(submitted.foi_return().version(), 1);

  foi::v1::GetReturnRequest get;
  get.set_return_id(submitted.foi_return().return_id());
  foi::v1::GetReturnResponse fetched;
  ASSERT_TRUE(ingest_stub_->GetReturn(AsAdmin().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.foi_return().SerializeAsString(), submitted.foi_return().SerializeAsString());

  foi::v1::CompareForcesRequest compare = SeedWindow();
  const foi::v1::CompareForcesResponse comparison = CompareOnceFresh(compare);
  ASSERT_EQ(comparison.rows_size(), 1);
  const foi::v1::ForceComparison& lancashire = comparison.rows(0);
  EXPECT_EQ(lancashire.force_id(), "lancashire");
  EXPECT_EQ(lancashire.reports(), 220);
  EXPECT_EQ(lancashire.count(), 177);
  EXPECT_DOUBLE_EQ(lancashire.rate(), 177.0 / 220.0);
  EXPECT_EQ(comparison.national().count(), 177);
  EXPECT_EQ(lancashire.rank(), 1);
  EXPECT_EQ(lancashire.funnel_position(), foi::v1::FUNNEL_POSITION_WITHIN);
  EXPECT_NEAR(lancashire.ci_lower(), 0.7471078849559721, 1e-9);
  EXPECT_EQ(comparison.excluded_size(), 45);  // every other force: no return in the window
  ASSERT_EQ(lancashire.returns_size(), 1);
  EXPECT_EQ(lancashire.returns(0).return_id(), submitted.foi_return().return_id());
  EXPECT_EQ(comparison.national().returns_size(), 1);

  // The basic view: the same figures without the return versions behind them.
  compare.set_view(foi::v1::COMPARISON_VIEW_BASIC);
  foi::v1::CompareForcesResponse basic;
  grpc::ClientContext basic_context;
  ASSERT_TRUE(stats_stub_->CompareForces(&basic_context, compare, &basic).ok());
  foi::v1::CompareForcesResponse without_returns = comparison;
  without_returns.mutable_rows(0)->clear_returns();
  without_returns.mutable_national()->clear_returns();
  EXPECT_EQ(basic.SerializeAsString(), without_returns.SerializeAsString());

  foi::v1::GetForceBreakdownRequest breakdown_request;
  breakdown_request.set_force_id("lancashire");
  breakdown_request.set_offence_id("disclosing-private-sexual-images");
  breakdown_request.set_period_start("2015-01-01");
  breakdown_request.set_period_end("2017-12-31");
  foi::v1::GetForceBreakdownResponse breakdown;
  grpc::ClientContext breakdown_context;
  ASSERT_TRUE(
      stats_stub_->GetForceBreakdown(&breakdown_context, breakdown_request, &breakdown).ok());
  EXPECT_EQ(breakdown.reports(), 220);
  ASSERT_GT(breakdown.groups_size(), 3);
  // After the outcome groups: not yet assigned, then the reports the reply leaves unexplained
  // (none here).
  const int groups = breakdown.groups_size();
  EXPECT_EQ(breakdown.groups(groups - 3).group_id(), "not-yet-assigned");
  EXPECT_EQ(breakdown.groups(groups - 3).count_min(), 12);
  EXPECT_EQ(breakdown.groups(groups - 2).group_id(), "unaccounted");
  EXPECT_EQ(breakdown.groups(groups - 2).count_max(), 0);
  EXPECT_EQ(breakdown.groups(groups - 1).group_id(), "unknown-outcome");
  EXPECT_EQ(breakdown.groups(groups - 1).count_max(), 0);

  foi::v1::GetTrendRequest trend_request;
  trend_request.set_offence_id("disclosing-private-sexual-images");
  trend_request.set_year_kind(foi::v1::YEAR_KIND_FINANCIAL);
  trend_request.set_outcome_group("no-further-action");
  foi::v1::GetTrendResponse trend;
  grpc::ClientContext trend_context;
  ASSERT_TRUE(stats_stub_->GetTrend(&trend_context, trend_request, &trend).ok());
  EXPECT_EQ(trend.points_size(), 0);
  ASSERT_EQ(trend.spanning_size(), 1);  // two financial years: reported whole, never split
  EXPECT_EQ(trend.spanning(0).count_min(), 177);
}

TEST_F(ServicesEndToEnd, InvalidReturnGetsBadRequestDetailsOverTheWire) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  submit.mutable_foi_return()->set_force_id("gotham");
  submit.mutable_foi_return()->mutable_lines(1)->set_count(-19);
  foi::v1::SubmitReturnResponse response;
  const grpc::Status status = ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &response);

  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("force_id"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 2);  // the violations, and the reason (AIP-193)
  google::rpc::BadRequest bad_request;
  google::rpc::ErrorInfo info;
  for (const auto& detail : details.details()) {
    if (!detail.UnpackTo(&bad_request)) {
      ASSERT_TRUE(detail.UnpackTo(&info));
    }
  }
  EXPECT_EQ(info.reason(), "INVALID_FIELDS");
  EXPECT_EQ(info.domain(), "foi.v1");
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "force_id");
  EXPECT_EQ(bad_request.field_violations(1).field(), "lines[1].count");
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

// A CompareForces issued after a SubmitReturn has returned reflects it within a second.
TEST_F(ServicesEndToEnd, StatsReflectACommittedReturnWithinASecond) {
  const foi::v1::CompareForcesRequest compare = SeedWindow();
  foi::v1::CompareForcesResponse before;
  grpc::ClientContext before_context;
  const grpc::Status before_status = stats_stub_->CompareForces(&before_context, compare, &before);
  ASSERT_TRUE(before_status.ok()) << before_status.error_message();
  EXPECT_EQ(before.rows_size(), 0);

  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse submitted;
  ASSERT_TRUE(ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &submitted).ok());
  const auto acknowledged = std::chrono::steady_clock::now();

  foi::v1::CompareForcesResponse after;
  while (std::chrono::steady_clock::now() - acknowledged < std::chrono::seconds(1)) {
    after.Clear();
    grpc::ClientContext context;
    ASSERT_TRUE(stats_stub_->CompareForces(&context, compare, &after).ok());
    if (after.rows_size() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(after.rows_size(), 1) << "not visible within 1 s of the acknowledgement";
  EXPECT_EQ(after.rows(0).returns(0).return_id(), submitted.foi_return().return_id());
  EXPECT_GT(after.data_version(), before.data_version());
  EXPECT_TRUE(after.has_as_of());
}

// Any role may send a notice on the stats service's channel; one that names no return (here
// sent as the read-only role) must not stop it following the changes that come after.
TEST_F(ServicesEndToEnd, ANoticeNamingNoReturnDoesNotStopTheStatsFollowingChanges) {
  {
    pqxx::connection reader(database_->UrlAs("foi_stats"));
    pqxx::nontransaction(reader).exec0(
        "NOTIFY foi_returns_changed, 'not-a-return,\x01,'' OR 1=1 --'");
  }
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse submitted;
  ASSERT_TRUE(ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &submitted).ok());
  const foi::v1::CompareForcesResponse after = CompareOnceFresh(SeedWindow());
  ASSERT_EQ(after.rows_size(), 1) << "the stats service stopped following changes";
  EXPECT_EQ(after.rows(0).returns(0).return_id(), submitted.foi_return().return_id());
}

// Amendments and withdrawals reach the statistics too: a superseded or withdrawn version never
// counts.
TEST_F(ServicesEndToEnd, StatsFollowAmendmentsAndWithdrawals) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse submitted;
  ASSERT_TRUE(ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &submitted).ok());
  const foi::v1::CompareForcesRequest compare = SeedWindow();
  ASSERT_EQ(CompareOnceFresh(compare).rows(0).count(), 177);

  foi::v1::AmendReturnRequest amend;
  amend.set_return_id(submitted.foi_return().return_id());
  *amend.mutable_foi_return() = SeedReturn();
  amend.mutable_foi_return()->mutable_lines(4)->set_count(40);  // 10 fewer closed with no leads
  amend.mutable_foi_return()->set_not_yet_assigned(22);
  amend.set_reason("corrected by the force");
  foi::v1::AmendReturnResponse amended;
  ASSERT_TRUE(ingest_stub_->AmendReturn(AsAdmin().get(), amend, &amended).ok());
  const auto after_amend = CompareUntil(
      compare, [](const auto& r) { return r.rows_size() == 1 && r.rows(0).count() == 167; });
  ASSERT_EQ(after_amend.rows_size(), 1);
  EXPECT_EQ(after_amend.rows(0).count(), 167);
  EXPECT_EQ(after_amend.rows(0).returns(0).version(), 2);

  foi::v1::WithdrawReturnRequest withdraw;
  withdraw.set_return_id(submitted.foi_return().return_id());
  withdraw.set_reason("sent in error");
  foi::v1::WithdrawReturnResponse withdrawn;
  ASSERT_TRUE(ingest_stub_->WithdrawReturn(AsAdmin().get(), withdraw, &withdrawn).ok());
  EXPECT_EQ(CompareUntil(compare, [](const auto& r) { return r.rows_size() == 0; }).rows_size(), 0);
}

// CompareForces keeps its answers per snapshot. Readers asking the same question over and over
// while the return is amended again and again must never be handed an answer older than one
// they have already seen, and every answer naming a data version must carry that version's
// figures.
TEST_F(ServicesEndToEnd, RepeatedQuestionsNeverGetAnswersStalerThanTheirSnapshot) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse submitted;
  ASSERT_TRUE(ingest_stub_->SubmitReturn(AsAdmin().get(), submit, &submitted).ok());
  foi::v1::CompareForcesRequest compare = SeedWindow();
  compare.set_view(foi::v1::COMPARISON_VIEW_BASIC);
  ASSERT_EQ(CompareOnceFresh(compare).rows(0).count(), 177);

  std::atomic<bool> stop{false};
  absl::Mutex mutex;
  std::map<int64_t, int64_t> count_of_version;  // guarded by mutex
  std::atomic<int> stale{0}, inconsistent{0}, failed{0}, answers{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) {
    readers.emplace_back([&] {
      int64_t newest_seen = 0;
      while (!stop) {
        foi::v1::CompareForcesResponse response;
        grpc::ClientContext context;
        if (!stats_stub_->CompareForces(&context, compare, &response).ok() ||
            response.rows_size() != 1) {
          ++failed;
          continue;
        }
        ++answers;
        if (response.data_version() < newest_seen) ++stale;
        newest_seen = std::max(newest_seen, response.data_version());
        absl::MutexLock lock(&mutex);
        auto [it, inserted] =
            count_of_version.try_emplace(response.data_version(), response.rows(0).count());
        if (!inserted && it->second != response.rows(0).count()) ++inconsistent;
      }
    });
  }
  // Each amendment moves ten reports between "closed with no leads" and not yet assigned.
  std::string return_id = submitted.foi_return().return_id();
  int64_t expected = 177;
  for (int amendment = 1; amendment <= 6; ++amendment) {
    foi::v1::AmendReturnRequest amend;
    amend.set_return_id(return_id);
    *amend.mutable_foi_return() = SeedReturn();
    const int fewer = amendment % 2 == 1 ? 10 : 0;
    amend.mutable_foi_return()->mutable_lines(4)->set_count(50 - fewer);
    amend.mutable_foi_return()->set_not_yet_assigned(12 + fewer);
    amend.set_reason("corrected by the force");
    foi::v1::AmendReturnResponse amended;
    ASSERT_TRUE(ingest_stub_->AmendReturn(AsAdmin().get(), amend, &amended).ok());
    expected = 177 - fewer;
    EXPECT_EQ(CompareUntil(compare, [&](const auto& r) { return r.rows(0).count() == expected; })
                  .rows(0)
                  .count(),
              expected);
  }
  stop = true;
  for (std::thread& reader : readers) reader.join();
  EXPECT_GT(answers.load(), 0);
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(stale.load(), 0);
  EXPECT_EQ(inconsistent.load(), 0);
  absl::MutexLock lock(&mutex);
  EXPECT_GE(count_of_version.size(), 2u) << "the readers never saw the data change";
}

// CompareForces reads its request as raw bytes: bytes that are no CompareForcesRequest are the
// caller's error, not the server's.
TEST_F(ServicesEndToEnd, CompareForcesRefusesBytesThatAreNoRequest) {
  grpc::GenericStub generic(stats_->channel());
  const std::string garbage = "\xff\xff\xff\xff";
  grpc::Slice slice(garbage);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  grpc::ClientContext context;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&context, "/foi.v1.StatsService/CompareForces", grpc::StubOptions(), &request,
                    &response, [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
}

TEST_F(ServicesEndToEnd, CompareForcesRejectsAnUnknownGroup) {
  foi::v1::CompareForcesRequest compare = SeedWindow();
  compare.set_outcome_group("arrested");
  foi::v1::CompareForcesResponse comparison;
  grpc::ClientContext context;
  const grpc::Status status = stats_stub_->CompareForces(&context, compare, &comparison);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("outcome_group"));
}

TEST_F(ServicesEndToEnd, ListsTheCatalogue) {
  foi::v1::ListForcesResponse forces;
  grpc::ClientContext context;
  ASSERT_TRUE(stats_stub_->ListForces(&context, {}, &forces).ok());
  EXPECT_EQ(forces.forces_size(), 46);
}

TEST_F(ServicesEndToEnd, WritesNeedAKnownKey) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = SeedReturn();
  foi::v1::SubmitReturnResponse response;
  grpc::ClientContext no_key;
  EXPECT_EQ(ingest_stub_->SubmitReturn(&no_key, submit, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext wrong_key;
  wrong_key.AddMetadata("authorization",
                        "Bearer " + admin_key_.substr(0, admin_key_.size() - 4) + "0000");
  EXPECT_EQ(ingest_stub_->SubmitReturn(&wrong_key, submit, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

// 16 clients, each on its own channel, submit distinct returns while retrying request ids,
// their own and each other's, at the same time. Afterwards each request id has exactly one
// stored return, every client saw that one, and none is lost.
TEST_F(ServicesEndToEnd, ConcurrentClientsWithRetriesStoreEachRequestOnce) {
  constexpr int kClients = 16;
  constexpr int kReturnsPerClient = 8;
  foi::v1::ListForcesResponse forces;
  grpc::ClientContext list_context;
  ASSERT_TRUE(stats_stub_->ListForces(&list_context, {}, &forces).ok());

  auto request_for = [&](int client, int year_index) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = SeedReturn();
    request.mutable_foi_return()->set_force_id(forces.forces(client).force_id());
    const int year = 2016 + year_index;
    request.mutable_foi_return()->set_period_start(absl::StrCat(year, "-01-01"));
    request.mutable_foi_return()->set_period_end(absl::StrCat(year, "-12-31"));
    request.set_request_id(absl::StrFormat("00000000-0000-4000-8000-%06d%06d", client, year_index));
    return request;
  };

  absl::Mutex mutex;
  std::map<std::string, std::set<std::string>> return_ids_by_request;
  std::atomic<int> failures{0};
  std::vector<std::thread> clients;
  for (int client = 0; client < kClients; ++client) {
    clients.emplace_back([&, client] {
      auto stub = foi::v1::IngestService::NewStub(
          grpc::CreateChannel(ingest_->address(), grpc::InsecureChannelCredentials()));
      for (int j = 0; j < kReturnsPerClient; ++j) {
        // Its own request, a retry of it when j is odd, and the neighbour's same request.
        std::vector<foi::v1::SubmitReturnRequest> sends = {request_for(client, j)};
        if (j % 2 == 1) sends.push_back(request_for(client, j));
        sends.push_back(request_for((client + 1) % kClients, j));
        for (const auto& request : sends) {
          foi::v1::SubmitReturnResponse response;
          const grpc::Status status = stub->SubmitReturn(AsAdmin().get(), request, &response);
          if (!status.ok()) {
            ++failures;
            ADD_FAILURE() << status.error_message();
            continue;
          }
          absl::MutexLock lock(&mutex);
          return_ids_by_request[request.request_id()].insert(response.foi_return().return_id());
        }
      }
    });
  }
  for (std::thread& client : clients) client.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(return_ids_by_request.size(), static_cast<size_t>(kClients * kReturnsPerClient));
  for (const auto& [request_id, return_ids] : return_ids_by_request) {
    EXPECT_EQ(return_ids.size(), 1u) << request_id;
  }
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), kClients * kReturnsPerClient);
}

TEST_F(ServicesEndToEnd, ImportReturnsStreamsACsvInChunks) {
  foi::v1::ImportReturnsResponse response;
  auto context = AsAdmin();
  auto writer = ingest_stub_->ImportReturns(context.get(), &response);
  foi::v1::ImportReturnsRequest header;
  header.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
  header.mutable_header()->set_source("e2e");
  ASSERT_TRUE(writer->Write(header));
  const std::string csv =
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,outcome,"
      "count\r\n"
      "Cumbria "
      "Constabulary,disclosing-private-sexual-images,2018-01-01,2018-12-31,X,20,2,Charged,<5\r\n"
      "Cumbria "
      "Constabulary,disclosing-private-sexual-images,2018-01-01,2018-12-31,X,20,2,18,15\r\n";
  for (size_t i = 0; i < csv.size(); i += 10) {
    foi::v1::ImportReturnsRequest chunk;
    chunk.set_chunk(csv.substr(i, 10));
    ASSERT_TRUE(writer->Write(chunk));
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.rows(), 2);
  EXPECT_EQ(response.returns_imported(), 1);
  EXPECT_EQ(response.returns(0).force_id(), "cumbria");
  EXPECT_EQ(database_->ReturnTableCounts().at("return_lines"), 2);
}

TEST_F(ServicesEndToEnd, SigtermStopsBothServicesCleanly) {
  EXPECT_EQ(ingest_->Stop(), 0);
  EXPECT_EQ(stats_->Stop(), 0);
}

}  // namespace
}  // namespace foi
