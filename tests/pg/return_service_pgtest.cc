// ReturnService with the real ReturnStore on a real PostgreSQL database: validation and
// authorization before storage, overlap rules, idempotent retries, history and listing.
#include "ingest-service/src/return_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/ascii.h"
#include "absl/synchronization/notification.h"

#include "common/await_callback.h"
#include "common/db/catalog_loader.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "tests/support/seed_return.h"
#include "tests/support/test_database.h"
#include "tests/support/test_keys.h"

namespace foi::ingest {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::SizeIs;

// Stores `foi_return` through `store` and waits for the result.
absl::StatusOr<FoiReturn> InsertAndWait(ReturnStore& store, const FoiReturn& foi_return,
                                        const Writer& writer) {
  return AwaitCallback<absl::StatusOr<FoiReturn>>(
      [&](std::function<void(absl::StatusOr<FoiReturn>)> done) {
        store.Insert(foi_return, writer, {}, false, std::move(done));
      });
}

constexpr char kRequestId[] = "7b0cbd2e-5d0e-4a8f-9a52-0c7d6f1b9e11";

// The seed return with what a round trip must keep exactly: quotes and braces in text, outcome
// types out of order, a received date and a withheld figure.
FoiReturn SeedReturn() {
  FoiReturn r = testing::SeedFoiReturn();
  r.foi_reference = "LANCS/FOI/2017/\"0412\"";
  r.received_on = "2017-05-02";
  r.lines[1] = {{"8", "3", "2"}, 19, false, "Cautions, community resolutions, youth cautions"};
  r.lines[2].label = "Evidential difficulties {suspect identified}";
  r.lines[4] = {{"18"}, std::nullopt, true, "<5"};
  r.total_reports = 220 - 50 + 3;  // the withheld figure stands for 3
  return r;
}

class ReturnServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    pool_ = std::make_unique<db::ConnectionPool>(database_->url(), 4);
    auto catalog = db::LoadCatalog(*pool_);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::make_unique<Catalog>(*std::move(catalog));
    store_ = std::make_unique<ReturnStore>(*pool_);
    service_ = std::make_unique<ReturnService>(*catalog_, *store_,
                                               [] { return absl::CivilDay(2026, 11, 29); });
    lancashire_ = testing::CreateTestKey(*pool_, auth::Role::kForce, "lancashire").principal;
    team_ = testing::CreateTestKey(*pool_, auth::Role::kFoiTeam).principal;
    reader_ = testing::CreateTestKey(*pool_, auth::Role::kReader).principal;
  }

  long AuditEvents() {
    pqxx::connection connection(database_->url());
    return pqxx::read_transaction(connection).exec1("SELECT count(*) FROM audit_log")[0].as<long>();
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<ReturnStore> store_;
  std::unique_ptr<ReturnService> service_;
  auth::Principal lancashire_, team_, reader_;
};

TEST_F(ReturnServiceTest, AValidReturnRoundTripsUnchanged) {
  const FoiReturn submitted = SeedReturn();
  auto stored = service_->Submit(lancashire_, submitted, {});
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->status, ReturnStatus::kActive);
  EXPECT_EQ(stored->created_by, lancashire_.key_id);

  auto fetched = service_->Get(stored->return_id, 0);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(fetched->return_id, stored->return_id);
  EXPECT_EQ(fetched->version, 1);
  EXPECT_EQ(fetched->status, ReturnStatus::kActive);
  EXPECT_EQ(fetched->created_at, stored->created_at);
  EXPECT_EQ(fetched->created_by, lancashire_.key_id);
  EXPECT_EQ(fetched->source, lancashire_.name);
  EXPECT_EQ(fetched->force_id, submitted.force_id);
  EXPECT_EQ(fetched->offence_id, submitted.offence_id);
  EXPECT_EQ(fetched->period_start, submitted.period_start);
  EXPECT_EQ(fetched->period_end, submitted.period_end);
  EXPECT_EQ(fetched->total_reports, submitted.total_reports);
  EXPECT_EQ(fetched->not_yet_assigned, submitted.not_yet_assigned);
  EXPECT_EQ(fetched->foi_reference, submitted.foi_reference);
  EXPECT_EQ(fetched->received_on, submitted.received_on);
  EXPECT_EQ(fetched->suppression_threshold, submitted.suppression_threshold);
  EXPECT_EQ(fetched->lines, submitted.lines);
  EXPECT_EQ(AuditEvents(), 1);
}

TEST_F(ReturnServiceTest, ARefusalAndAPartialReplyRoundTripExactly) {
  FoiReturn refusal = SeedReturn();
  refusal.lines.clear();
  refusal.total_reports = 524;
  refusal.not_yet_assigned = 0;
  refusal.unaccounted_reports = 524;
  refusal.exemptions = {"s12", "s40(2)"};
  auto stored = service_->Submit(team_, refusal, {});
  ASSERT_TRUE(stored.ok()) << stored.status();
  auto fetched = service_->Get(stored->return_id, 0);
  ASSERT_TRUE(fetched.ok());
  EXPECT_TRUE(fetched->lines.empty());
  EXPECT_EQ(fetched->unaccounted_reports, 524);
  EXPECT_EQ(fetched->unknown_outcome_reports, 0);
  EXPECT_THAT(fetched->exemptions, ::testing::ElementsAre("s12", "s40(2)"));

  FoiReturn partial = SeedReturn();
  partial.force_id = "cumbria";
  partial.total_reports = SeedReturn().total_reports + 16;
  partial.unaccounted_reports = 10;
  partial.unknown_outcome_reports = 6;
  auto partial_stored = service_->Submit(team_, partial, {});
  ASSERT_TRUE(partial_stored.ok()) << partial_stored.status();
  auto listed = service_->List({.force_id = "cumbria"}, 0, "");
  ASSERT_TRUE(listed.ok());
  ASSERT_THAT(listed->returns, SizeIs(1));
  EXPECT_EQ(listed->returns[0].unaccounted_reports, 10);
  EXPECT_EQ(listed->returns[0].unknown_outcome_reports, 6);
  EXPECT_EQ(listed->returns[0].lines, partial.lines);
}

TEST_F(ReturnServiceTest, ARetryThatDeclaresAnotherGapIsAnotherRequest) {
  FoiReturn r = SeedReturn();
  r.total_reports += 5;
  r.unaccounted_reports = 5;
  ASSERT_TRUE(service_->Submit(team_, r, {.request_id = kRequestId}).ok());
  r.unaccounted_reports = 0;
  r.unknown_outcome_reports = 5;
  EXPECT_EQ(service_->Submit(team_, r, {.request_id = kRequestId}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

// A database that stops answering (here: a lock on the table) must not let waiting submissions
// pile up without end: past the store's limit the next is refused at once and stores nothing.
TEST_F(ReturnServiceTest, ASubmissionPastTheWaitingLimitIsRefusedAtOnceAndStoresNothing) {
  ReturnStore store(*pool_, /*max_waiting=*/1);
  const Writer writer{team_.key_id, team_.name};
  pqxx::connection blocker(database_->url());
  pqxx::work lock(blocker);
  lock.exec("LOCK TABLE foi_returns IN EXCLUSIVE MODE");

  absl::Notification first_done;
  absl::StatusOr<FoiReturn> first = absl::UnknownError("not answered");
  store.Insert(SeedReturn(), writer, {}, false, [&](absl::StatusOr<FoiReturn> stored) {
    first = std::move(stored);
    first_done.Notify();
  });
  FoiReturn other = SeedReturn();
  other.force_id = "cumbria";
  std::optional<absl::Status> second;
  store.Insert(other, writer, {}, false,
               [&](absl::StatusOr<FoiReturn> stored) { second = stored.status(); });
  ASSERT_TRUE(second.has_value()) << "a refusal is answered at once, on the caller's thread";
  EXPECT_EQ(second->code(), absl::StatusCode::kResourceExhausted) << *second;
  EXPECT_EQ(ReasonOf(*second), "SUBMISSIONS_BUSY");
  EXPECT_FALSE(first_done.HasBeenNotified());

  lock.commit();
  first_done.WaitForNotification();
  ASSERT_TRUE(first.ok()) << first.status();
  pqxx::connection reader(database_->url());
  EXPECT_EQ(pqxx::read_transaction(reader).exec1("SELECT count(*) FROM foi_returns")[0].as<long>(),
            1);
  // With the first written, the store takes submissions again.
  EXPECT_TRUE(InsertAndWait(store, other, writer).ok());
}

TEST_F(ReturnServiceTest, GetOfAnUnknownReturnIsNotFound) {
  EXPECT_EQ(service_->Get("00000000-0000-0000-0000-000000000000", 0).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Get("not-a-uuid", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReturnServiceTest, ValidateOnlyWritesNothing) {
  const auto before = database_->ReturnTableCounts();
  ASSERT_TRUE(service_->Submit(lancashire_, SeedReturn(), {.validate_only = true}).ok());
  EXPECT_EQ(database_->ReturnTableCounts(), before);
}

TEST_F(ReturnServiceTest, ValidateOnlyRunsTheDatabaseChecksToo) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  const auto before = database_->ReturnTableCounts();
  EXPECT_EQ(service_->Submit(lancashire_, SeedReturn(), {.validate_only = true}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(service_->Withdraw(lancashire_, first->return_id, "error", {}).ok());
  EXPECT_EQ(
      service_->Amend(lancashire_, first->return_id, SeedReturn(), "again", {.validate_only = true})
          .status()
          .code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(database_->ReturnTableCounts(), before);
}

TEST_F(ReturnServiceTest, ConcurrentAmendmentsTakeTurns) {
  auto first = service_->Submit(team_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  std::vector<std::thread> writers;
  std::atomic<int> succeeded{0};
  for (int i = 0; i < 4; ++i) {
    writers.emplace_back([&, i] {
      FoiReturn amended = SeedReturn();
      amended.foi_reference = "amendment " + std::to_string(i);
      if (service_->Amend(team_, first->return_id, amended, "correction", {}).ok()) ++succeeded;
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(succeeded.load(), 4);
  auto latest = service_->Get(first->return_id, 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 5);
}

// Submissions that arrive together are committed together, yet each gets the answer it would
// have got alone. A lock on the audit log holds the first writes back, so that the rest queue
// up and go out as one batch holding everything a batch must sort out: distinct returns, a
// period claimed by several at once and one request sent several times.
TEST_F(ReturnServiceTest, SubmissionsCommittedTogetherAreAnsweredOneByOne) {
  const std::vector<std::string> distinct_forces = {"essex",  "dorset",  "durham",  "surrey",
                                                    "sussex", "suffolk", "norfolk", "kent"};
  constexpr int kClashing = 6;  // same force, offence and period: one may be stored
  constexpr int kRepeated = 6;  // one request, sent this many times
  constexpr char kRepeatedRequest[] = "0d7c4b1e-2f3a-4c5d-8e9f-a0b1c2d3e4f5";
  pqxx::connection blocker(database_->url());
  pqxx::work lock(blocker);
  lock.exec0("LOCK TABLE audit_log IN EXCLUSIVE MODE");

  std::mutex mutex;
  std::vector<absl::StatusOr<FoiReturn>> distinct, clashing, repeated;
  std::vector<std::thread> writers;
  std::atomic<int> submitting{0};
  auto submit = [&](std::vector<absl::StatusOr<FoiReturn>>& results, FoiReturn r,
                    std::string request_id) {
    writers.emplace_back([&, r = std::move(r), request_id = std::move(request_id)] {
      ++submitting;
      auto result = service_->Submit(team_, r, {.request_id = request_id});
      std::lock_guard<std::mutex> guard(mutex);
      results.push_back(std::move(result));
    });
  };
  for (const std::string& force : distinct_forces) {
    FoiReturn r = SeedReturn();
    r.force_id = force;
    submit(distinct, std::move(r), "");
  }
  for (int i = 0; i < kClashing; ++i) submit(clashing, SeedReturn(), "");
  FoiReturn repeated_return = SeedReturn();
  repeated_return.force_id = "cumbria";
  // Sent in lower case and in capitals: one UUID, so one request.
  const std::string in_capitals = absl::AsciiStrToUpper(kRepeatedRequest);
  for (int i = 0; i < kRepeated; ++i) {
    submit(repeated, repeated_return, i % 2 == 0 ? in_capitals : kRepeatedRequest);
  }
  // Every writer has called Submit (on a loaded machine threads start late: one that only
  // arrives after the lock is gone is written alone), then a moment for them all to queue.
  while (submitting.load() < static_cast<int>(writers.size())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  lock.abort();
  for (std::thread& writer : writers) writer.join();

  for (const auto& result : distinct) EXPECT_TRUE(result.ok()) << result.status();
  const auto stored = std::find_if(clashing.begin(), clashing.end(),
                                   [](const auto& result) { return result.ok(); });
  ASSERT_NE(stored, clashing.end());
  for (const auto& result : clashing) {
    if (&result == &*stored) continue;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition) << result.status();
    EXPECT_THAT(std::string(result.status().message()), HasSubstr((*stored)->return_id));
  }
  for (const auto& result : repeated) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->return_id, repeated.front()->return_id);
  }
  const int expected = static_cast<int>(distinct_forces.size()) + 1 + 1;
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), expected);
  EXPECT_EQ(AuditEvents(), expected);
  pqxx::connection connection(database_->url());
  const long transactions = pqxx::read_transaction(connection)
                                .exec1("SELECT count(DISTINCT xmin::text) FROM foi_returns")[0]
                                .as<long>();
  EXPECT_LT(transactions, expected) << "no two submissions were committed together";
}

// A submission the database refuses for a reason of its own (here a date PostgreSQL cannot
// hold, slipped past the validator by writing to the store directly) must fail alone: the good
// submissions batched with it are written as if it had never been there.
TEST_F(ReturnServiceTest, ABadSubmissionInABatchFailsOnlyItself) {
  const std::vector<std::string> forces = {"essex",   "dorset",  "durham", "surrey",  "sussex",
                                           "suffolk", "norfolk", "kent",   "cumbria", "lancashire"};
  pqxx::connection blocker(database_->url());
  pqxx::work lock(blocker);
  lock.exec0("LOCK TABLE audit_log IN EXCLUSIVE MODE");

  const Writer writer{team_.key_id, team_.name};
  std::mutex mutex;
  std::vector<absl::StatusOr<FoiReturn>> good, bad;
  std::vector<std::thread> writers;
  for (size_t i = 0; i < forces.size(); ++i) {
    FoiReturn r = SeedReturn();
    r.force_id = forces[i];
    const bool poisoned = i % 3 == 1;
    if (poisoned) r.received_on = "0000-01-01";
    writers.emplace_back([&, r = std::move(r), poisoned] {
      auto result = InsertAndWait(*store_, r, writer);
      std::lock_guard<std::mutex> guard(mutex);
      (poisoned ? bad : good).push_back(std::move(result));
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let them all queue
  lock.abort();
  for (std::thread& thread : writers) thread.join();

  ASSERT_EQ(bad.size(), 3u);
  for (const auto& result : good) EXPECT_TRUE(result.ok()) << result.status();
  for (const auto& result : bad) {
    EXPECT_FALSE(result.ok());
    // The database's own words (which quote SQL) stay in the service log.
    EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr("INSERT")));
    EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr("0000")));
  }
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), static_cast<long>(good.size()));
}

TEST_F(ReturnServiceTest, AStaleExpectedVersionIsAbortedAndWritesNothing) {
  auto first = service_->Submit(team_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(
      service_->Amend(team_, first->return_id, SeedReturn(), "fix", {.expected_version = 1}).ok());
  const auto before = database_->ReturnTableCounts();
  auto stale =
      service_->Amend(team_, first->return_id, SeedReturn(), "fix again", {.expected_version = 1});
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale.status()), "VERSION_MISMATCH");
  EXPECT_THAT(std::string(stale.status().message()), HasSubstr("version 2, not 1"));
  auto stale_withdrawal =
      service_->Withdraw(team_, first->return_id, "gone", {.expected_version = 1});
  EXPECT_EQ(stale_withdrawal.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(database_->ReturnTableCounts(), before);
  EXPECT_TRUE(service_->Withdraw(team_, first->return_id, "gone", {.expected_version = 2}).ok());
}

TEST_F(ReturnServiceTest, ConcurrentAmendmentsOfOneVersionStoreExactlyOne) {
  auto first = service_->Submit(team_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  constexpr int kWriters = 20;
  std::vector<std::thread> writers;
  std::atomic<int> succeeded{0}, aborted{0};
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      FoiReturn amended = SeedReturn();
      amended.foi_reference = "amendment " + std::to_string(i);
      const auto result =
          service_->Amend(team_, first->return_id, amended, "correction", {.expected_version = 1});
      if (result.ok()) ++succeeded;
      if (result.status().code() == absl::StatusCode::kAborted) ++aborted;
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
  auto latest = service_->Get(first->return_id, 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 2);
}

TEST_F(ReturnServiceTest, ValidateOnlyRepliesCarryNoServerAssignedFields) {
  auto trial = service_->Submit(lancashire_, SeedReturn(), {.validate_only = true});
  ASSERT_TRUE(trial.ok()) << trial.status();
  EXPECT_EQ(trial->return_id, "");
  EXPECT_EQ(trial->version, 0);
  EXPECT_EQ(trial->status, ReturnStatus::kUnspecified);
  EXPECT_EQ(trial->created_at, absl::Time());
  EXPECT_EQ(trial->created_by, "");
  EXPECT_EQ(trial->lines, SeedReturn().lines);

  auto stored = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(stored.ok());
  const auto before = database_->ReturnTableCounts();
  auto amend_trial = service_->Amend(lancashire_, stored->return_id, SeedReturn(), "check",
                                     {.validate_only = true});
  ASSERT_TRUE(amend_trial.ok()) << amend_trial.status();
  EXPECT_EQ(amend_trial->return_id, stored->return_id);  // the caller named it
  EXPECT_EQ(amend_trial->version, 0);
  EXPECT_EQ(amend_trial->created_at, absl::Time());
  auto withdraw_trial =
      service_->Withdraw(lancashire_, stored->return_id, "check", {.validate_only = true});
  ASSERT_TRUE(withdraw_trial.ok()) << withdraw_trial.status();
  EXPECT_EQ(withdraw_trial->status, ReturnStatus::kActive);  // as it stands
  EXPECT_EQ(database_->ReturnTableCounts(), before);
  EXPECT_EQ(AuditEvents(), 1);
}

TEST_F(ReturnServiceTest, AReasonWithANulIsRefusedWhole) {
  auto stored = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(stored.ok());
  const auto before = database_->ReturnTableCounts();
  const std::string reason("typo\0; DROP TABLE x", 19);
  auto amended = service_->Amend(lancashire_, stored->return_id, SeedReturn(), reason, {});
  EXPECT_EQ(amended.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(amended.status()),
              Contains(Field(&FieldViolation::field, "reason")));
  auto withdrawn = service_->Withdraw(lancashire_, stored->return_id, reason, {});
  EXPECT_EQ(withdrawn.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(database_->ReturnTableCounts(), before);
  // A reason may span lines.
  EXPECT_TRUE(
      service_->Withdraw(lancashire_, stored->return_id, "sent twice\nby mistake", {}).ok());
}

TEST_F(ReturnServiceTest, HugeIdsAreNotEchoedInFull) {
  const std::string huge(1 << 20, 'f');
  for (const absl::Status& status :
       {service_->Get(huge, 0).status(),
        service_->Amend(team_, huge, SeedReturn(), "x", {}).status(),
        service_->Withdraw(team_, huge, "x", {}).status(),
        service_->Submit(team_, SeedReturn(), {.request_id = huge}).status(),
        service_->List({.force_id = huge}, 0, "").status(), service_->List({}, 0, huge).status()}) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status.message().substr(0, 200);
    EXPECT_LT(status.message().size(), 1000u);
  }
}

TEST_F(ReturnServiceTest, ListFiltersInYearZeroAreRefusedNotFailed) {
  auto listed = service_->List({.period_start = "0000-01-01"}, 0, "");
  EXPECT_EQ(listed.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReturnServiceTest, ListingSupersededVersionsIsRefused) {
  EXPECT_EQ(service_->List({.status = "superseded"}, 0, "").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(ReturnServiceTest, AForceKeyCannotWriteAnotherForcesReturn) {
  FoiReturn cumbria = SeedReturn();
  cumbria.force_id = "cumbria";
  auto result = service_->Submit(lancashire_, cumbria, {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("lancashire only"));
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
  // An FOI team may write for any force.
  EXPECT_TRUE(service_->Submit(team_, cumbria, {}).ok());
}

TEST_F(ReturnServiceTest, AReaderCannotWrite) {
  EXPECT_EQ(service_->Submit(reader_, SeedReturn(), {}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 0);
}

TEST_F(ReturnServiceTest, AnOverlappingPeriodMustAmendTheActiveReturn) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  const auto before = database_->ReturnTableCounts();
  FoiReturn overlapping = SeedReturn();
  overlapping.period_start = "2017-04-12";  // shares one day
  overlapping.period_end = "2018-04-11";
  auto second = service_->Submit(lancashire_, overlapping, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr(first->return_id));
  EXPECT_EQ(database_->ReturnTableCounts(), before);
}

TEST_F(ReturnServiceTest, ARetryWithTheSameRequestIdReturnsTheFirstResult) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {.request_id = kRequestId});
  ASSERT_TRUE(first.ok()) << first.status();
  const auto after_first = database_->ReturnTableCounts();
  auto retry = service_->Submit(lancashire_, SeedReturn(), {.request_id = kRequestId});
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->return_id, first->return_id);
  EXPECT_EQ(retry->version, 1);
  EXPECT_EQ(database_->ReturnTableCounts(), after_first);
  EXPECT_EQ(AuditEvents(), 1);
}

TEST_F(ReturnServiceTest, ARequestIdInCapitalsIsTheSameRequest) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {.request_id = kRequestId});
  ASSERT_TRUE(first.ok()) << first.status();
  auto retry = service_->Submit(lancashire_, SeedReturn(),
                                {.request_id = absl::AsciiStrToUpper(kRequestId)});
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->return_id, first->return_id);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 1);
}

TEST_F(ReturnServiceTest, TheSameRequestIdWithAnotherBodyIsRejected) {
  ASSERT_TRUE(service_->Submit(lancashire_, SeedReturn(), {.request_id = kRequestId}).ok());
  const auto before = database_->ReturnTableCounts();
  FoiReturn different = SeedReturn();
  different.foi_reference = "another";
  auto result = service_->Submit(lancashire_, different, {.request_id = kRequestId});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr("already used"));
  EXPECT_EQ(database_->ReturnTableCounts(), before);
}

TEST_F(ReturnServiceTest, AmendKeepsEveryVersion) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  FoiReturn corrected = SeedReturn();
  corrected.lines[4] = {{"18"}, 50, false, "No leads"};
  corrected.total_reports = 220;
  auto second = service_->Amend(lancashire_, first->return_id, corrected,
                                "the force disclosed the withheld figure", {});
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->version, 2);
  EXPECT_EQ(second->status, ReturnStatus::kActive);
  EXPECT_EQ(second->reason, "the force disclosed the withheld figure");

  auto old = service_->Get(first->return_id, 1);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->status, ReturnStatus::kSuperseded);
  EXPECT_EQ(old->lines, SeedReturn().lines);
  auto latest = service_->Get(first->return_id, 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(latest->lines, corrected.lines);
  EXPECT_EQ(AuditEvents(), 2);
}

TEST_F(ReturnServiceTest, AmendNeedsAReasonAndKeepsForceAndOffence) {
  auto first = service_->Submit(team_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  EXPECT_THAT(
      FieldViolationsOf(service_->Amend(team_, first->return_id, SeedReturn(), "", {}).status()),
      Contains(Field(&FieldViolation::field, "reason")));
  FoiReturn moved = SeedReturn();
  moved.force_id = "cumbria";
  EXPECT_EQ(service_->Amend(team_, first->return_id, moved, "moved", {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 1);
}

TEST_F(ReturnServiceTest, WithdrawMarksTheReturnAndStopsFurtherChanges) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  auto withdrawn = service_->Withdraw(lancashire_, first->return_id, "sent in error", {});
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_EQ(withdrawn->status, ReturnStatus::kWithdrawn);
  EXPECT_EQ(withdrawn->reason, "sent in error");
  EXPECT_EQ(
      service_->Amend(lancashire_, first->return_id, SeedReturn(), "again", {}).status().code(),
      absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(service_->Withdraw(lancashire_, first->return_id, "twice", {}).status().code(),
            absl::StatusCode::kFailedPrecondition);
  // The period is free again for a new return.
  EXPECT_TRUE(service_->Submit(lancashire_, SeedReturn(), {}).ok());
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 2);
}

TEST_F(ReturnServiceTest, ARetriedWithdrawalGetsTheFirstResult) {
  auto first = service_->Submit(lancashire_, SeedReturn(), {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(
      service_->Withdraw(lancashire_, first->return_id, "error", {.request_id = kRequestId}).ok());
  auto retry =
      service_->Withdraw(lancashire_, first->return_id, "error", {.request_id = kRequestId});
  ASSERT_TRUE(retry.ok()) << retry.status();
  EXPECT_EQ(retry->status, ReturnStatus::kWithdrawn);
  EXPECT_EQ(AuditEvents(), 2);
}

TEST_F(ReturnServiceTest, ListPagesThroughFilteredReturns) {
  // Five yearly returns for Lancashire, one for Cumbria.
  for (int year = 2016; year <= 2020; ++year) {
    FoiReturn r = SeedReturn();
    r.period_start = absl::StrCat(year, "-01-01");
    r.period_end = absl::StrCat(year, "-12-31");
    ASSERT_TRUE(service_->Submit(team_, r, {}).ok());
  }
  FoiReturn cumbria = SeedReturn();
  cumbria.force_id = "cumbria";
  ASSERT_TRUE(service_->Submit(team_, cumbria, {}).ok());

  const ListFilter lancashire{.force_id = "lancashire"};
  std::set<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    auto page = service_->List(lancashire, 2, token);
    ASSERT_TRUE(page.ok()) << page.status();
    EXPECT_LE(page->returns.size(), 2u);
    for (const FoiReturn& r : page->returns) {
      EXPECT_EQ(r.force_id, "lancashire");
      EXPECT_FALSE(r.lines.empty());
      seen.insert(r.return_id);
    }
    token = page->next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(pages, 3);

  auto in_2018 = service_->List({.period_start = "2018-06-01", .period_end = "2018-06-30"}, 0, "");
  ASSERT_TRUE(in_2018.ok());
  EXPECT_THAT(in_2018->returns, SizeIs(1));

  auto first_page = service_->List(lancashire, 2, "");
  ASSERT_TRUE(first_page.ok());
  EXPECT_EQ(service_->List({.force_id = "cumbria"}, 2, first_page->next_page_token).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(service_->List(lancashire, -1, "").status().code(), absl::StatusCode::kInvalidArgument);
}

struct RejectionCase {
  const char* name;
  std::function<void(FoiReturn&)> break_it;
  const char* field;
};

void PrintTo(const RejectionCase& rejection, std::ostream* os) { *os << rejection.name; }

class RejectedReturn : public ReturnServiceTest,
                       public ::testing::WithParamInterface<RejectionCase> {};

TEST_P(RejectedReturn, IsInvalidArgumentNamingTheFieldAndLeavesTablesUnchanged) {
  ASSERT_TRUE(service_->Submit(team_, SeedReturn(), {}).ok());  // something already stored
  const auto before = database_->ReturnTableCounts();
  FoiReturn r = SeedReturn();
  r.period_start = "2017-04-13";  // no overlap with the stored one
  r.period_end = "2018-04-12";
  GetParam().break_it(r);

  auto result = service_->Submit(team_, r, {});
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()), HasSubstr(GetParam().field));
  EXPECT_THAT(FieldViolationsOf(result.status()),
              Contains(Field(&FieldViolation::field, GetParam().field)));
  EXPECT_EQ(database_->ReturnTableCounts(), before);
}

const RejectionCase kRejections[] = {
    {"UnknownForce", [](FoiReturn& r) { r.force_id = "gotham"; }, "force_id"},
    {"UnknownOffence", [](FoiReturn& r) { r.offence_id = "piracy"; }, "offence_id"},
    {"UnknownOutcomeType", [](FoiReturn& r) { r.lines[0].outcome_types = {"23"}; },
     "lines[0].outcome_types[0]"},
    {"NegativeCount", [](FoiReturn& r) { r.lines[1].count = -19; }, "lines[1].count"},
    {"PeriodEndBeforeStart", [](FoiReturn& r) { r.period_end = "2014-04-12"; }, "period_end"},
    {"TotalsDoNotAddUp",
     [](FoiReturn& r) {
       r.lines[4] = {{"18"}, 50, false, "No leads"};
       r.total_reports = 219;
     },
     "total_reports"},
    {"OutcomeTypeInTwoLines",
     [](FoiReturn& r) {
       r.lines[4].outcome_types = {"18", "21"};
     },
     "lines[4].outcome_types[1]"},
    // Without lines, the reports must be declared unaccounted, unknown or not yet assigned.
    {"EmptyReturn", [](FoiReturn& r) { r.lines.clear(); }, "total_reports"},
    {"PeriodInTheFuture", [](FoiReturn& r) { r.period_end = "2027-01-01"; }, "period_end"},
    {"Before1900", [](FoiReturn& r) { r.received_on = "1899-12-31"; }, "received_on"},
    {"ControlCharacters", [](FoiReturn& r) { r.foi_reference = "ref\n2"; }, "foi_reference"},
    {"WithheldFiguresCannotReachTotal", [](FoiReturn& r) { r.total_reports = 175; },
     "total_reports"},
};

INSTANTIATE_TEST_SUITE_P(EachRule, RejectedReturn, ::testing::ValuesIn(kRejections),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace foi::ingest
