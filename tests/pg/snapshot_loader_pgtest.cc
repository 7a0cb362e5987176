// The stats service's snapshot loader on a real PostgreSQL database, reading as the read-only
// role: returns written by SQL come back with the reports their replies leave unexplained,
// the exemptions cited and their effective periods; a return with no lines comes back too.
#include "stats-service/src/snapshot_loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <pqxx/pqxx>

#include "common/db/connection_pool.h"
#include "tests/support/test_database.h"

namespace foi::stats {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kOffence[] = "disclosing-private-sexual-images";  // 2015-04-13 to 2024-01-30
constexpr char kPartial[] = "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a01";
constexpr char kRefusal[] = "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a02";
constexpr char kToRepeal[] = "0b7d5a52-8a3c-4d1e-9f61-2a6c0f4e1a03";

class SnapshotLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    // 199 reports from 2015-01-01 (before the offence), 189 broken down, 10 unaccounted.
    txn.exec_params(
        "INSERT INTO foi_returns (return_id, version, status, force_id, offence_id, "
        "period_start, period_end, total_reports, not_yet_assigned, suppression_threshold, "
        "foi_reference, unaccounted_reports, unknown_outcome_reports, exemptions) "
        "VALUES ($1, 1, 'active', 'west-mercia', $2, '2015-01-01', '2020-12-31', 199, 0, 4, "
        "'WM/1', 10, 0, '{s40(2),\"s31(1)(a)\"}'), "
        "($3, 1, 'active', 'cleveland', $2, '2016-01-01', '2016-12-31', 524, 0, 4, 'CL/1', 524, "
        "0, '{s12}'), "
        "($4, 1, 'active', 'sussex', $2, '2023-04-01', '2024-03-31', 9, 0, 4, 'SX/1', 0, 3, "
        "'{}')",
        kPartial, kOffence, kRefusal, kToRepeal);
    txn.exec_params(
        "INSERT INTO return_lines (return_id, version, line_no, count, suppressed, outcome_types) "
        "VALUES ($1, 1, 0, 32, false, '{1}'), ($1, 1, 1, 11, false, '{3}'), "
        "($1, 1, 2, NULL, true, '{8}'), ($1, 1, 3, 45, false, '{18}'), "
        "($1, 1, 4, 98, false, '{15,16}'), "
        "($2, 1, 0, 6, false, '{18}')",
        kPartial, kToRepeal);
    txn.commit();
    pool_ = std::make_unique<db::ConnectionPool>(database_->UrlAs("foi_stats"), 1);
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(SnapshotLoaderTest, ReadsUnexplainedReportsExemptionsAndEffectivePeriods) {
  auto snapshot = LoadSnapshot(*pool_);
  ASSERT_TRUE(snapshot.ok()) << snapshot.status();
  ASSERT_EQ((*snapshot)->size(), 3u);

  const auto& west_mercia = (*snapshot)->ReturnsOf(kOffence, "west-mercia");
  ASSERT_THAT(west_mercia, SizeIs(1));
  const ReturnFigures& partial = *west_mercia[0];
  EXPECT_EQ(partial.unaccounted_reports, 10);
  EXPECT_EQ(partial.unknown_outcome_reports, 0);
  EXPECT_THAT(*partial.exemptions, ElementsAre("s40(2)", "s31(1)(a)"));
  EXPECT_EQ(partial.period_start, absl::CivilDay(2015, 1, 1));
  EXPECT_EQ(partial.effective_start, absl::CivilDay(2015, 4, 13));
  EXPECT_EQ(partial.effective_end, absl::CivilDay(2020, 12, 31));
  ASSERT_THAT(partial.lines, SizeIs(5));
  EXPECT_FALSE(partial.lines[2].count.has_value());
  EXPECT_EQ(partial.lines[4].outcome_types, MaskOf({"15", "16"}));

  const auto& cleveland = (*snapshot)->ReturnsOf(kOffence, "cleveland");
  ASSERT_THAT(cleveland, SizeIs(1));
  const ReturnFigures& refusal = *cleveland[0];
  EXPECT_EQ(refusal.return_id.ToString(), kRefusal);
  EXPECT_EQ(refusal.total_reports, 524);
  EXPECT_EQ(refusal.unaccounted_reports, 524);
  EXPECT_THAT(refusal.lines, IsEmpty());
  EXPECT_THAT(*refusal.exemptions, ElementsAre("s12"));

  const auto& sussex = (*snapshot)->ReturnsOf(kOffence, "sussex");
  ASSERT_THAT(sussex, SizeIs(1));
  const ReturnFigures& to_repeal = *sussex[0];
  EXPECT_EQ(to_repeal.unknown_outcome_reports, 3);
  EXPECT_THAT(*to_repeal.exemptions, IsEmpty());
  EXPECT_EQ(to_repeal.effective_start, absl::CivilDay(2023, 4, 1));
  EXPECT_EQ(to_repeal.effective_end, absl::CivilDay(2024, 1, 30));
  ASSERT_THAT(to_repeal.lines, SizeIs(1));
}

TEST_F(SnapshotLoaderTest, ReloadsAChangedRefusalAndSharesTheRest) {
  auto before = LoadSnapshot(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    txn.exec_params(
        "UPDATE foi_returns SET exemptions = '{s12,s40(2)}', unaccounted_reports = 500, "
        "not_yet_assigned = 24 WHERE return_id = $1",
        kRefusal);
    txn.commit();
  }
  auto after = LoadChanges(*pool_, **before, {kRefusal});
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ((*after)->size(), 3u);
  const ReturnFigures& refusal = *(*after)->ReturnsOf(kOffence, "cleveland").at(0);
  EXPECT_THAT(*refusal.exemptions, ElementsAre("s12", "s40(2)"));
  EXPECT_EQ(refusal.unaccounted_reports, 500);
  EXPECT_EQ(refusal.not_yet_assigned, 24);
  EXPECT_THAT(refusal.lines, IsEmpty());
  EXPECT_EQ(refusal.effective_start, absl::CivilDay(2016, 1, 1));
  EXPECT_EQ((*after)->ReturnsOf(kOffence, "west-mercia").at(0),
            (*before)->ReturnsOf(kOffence, "west-mercia").at(0));
}

TEST_F(SnapshotLoaderTest, ReloadsAChangedReturnsLinesInOrderWithTheWithheldOnesWithheld) {
  auto before = LoadSnapshot(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    txn.exec_params("UPDATE return_lines SET count = 33 WHERE return_id = $1 AND line_no = 0",
                    kPartial);
    txn.commit();
  }
  auto after = LoadChanges(*pool_, **before, {kPartial});
  ASSERT_TRUE(after.ok()) << after.status();
  const ReturnFigures* partial = (*after)->ReturnsOf(kOffence, "west-mercia").at(0);
  EXPECT_NE(partial, (*before)->ReturnsOf(kOffence, "west-mercia").at(0));
  ASSERT_THAT(partial->lines, SizeIs(5));
  EXPECT_EQ(partial->lines[0].count, 33);
  EXPECT_EQ(partial->lines[0].outcome_types, MaskOf({"1"}));
  EXPECT_EQ(partial->lines[1].count, 11);
  EXPECT_FALSE(partial->lines[2].count.has_value()) << "withheld";
  EXPECT_EQ(partial->lines[2].outcome_types, MaskOf({"8"}));
  EXPECT_EQ(partial->lines[3].count, 45);
  EXPECT_EQ(partial->lines[4].count, 98);
  EXPECT_EQ(partial->lines[4].outcome_types, MaskOf({"15", "16"}));
}

// The queries aggregate each return's lines in the order PostgreSQL reads them, which is the
// primary key's only while it reads through that index: read from the heap, where an update
// puts line 0 last, they still come back in line order.
TEST_F(SnapshotLoaderTest, PutsLinesInOrderWhateverOrderTheyAreReadIn) {
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    txn.exec_params("UPDATE return_lines SET count = 33 WHERE return_id = $1 AND line_no = 0",
                    kPartial);
    txn.exec0(
        "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET enable_indexscan = off', "
        "current_database()); EXECUTE format('ALTER DATABASE %I SET enable_bitmapscan = off', "
        "current_database()); END $$");
    txn.commit();
  }
  auto full = LoadSnapshot(*pool_);
  ASSERT_TRUE(full.ok()) << full.status();
  auto changed = LoadChanges(*pool_, **full, {kPartial});
  ASSERT_TRUE(changed.ok()) << changed.status();
  for (const auto& snapshot : {*full, *changed}) {
    const ReturnFigures& partial = *snapshot->ReturnsOf(kOffence, "west-mercia").at(0);
    ASSERT_THAT(partial.lines, SizeIs(5));
    EXPECT_EQ(partial.lines[0].count, 33);
    EXPECT_EQ(partial.lines[1].count, 11);
    EXPECT_FALSE(partial.lines[2].count.has_value());
    EXPECT_EQ(partial.lines[3].count, 45);
    EXPECT_EQ(partial.lines[4].count, 98);
  }
}

TEST_F(SnapshotLoaderTest, AFullReloadSharesTheReturnsItFindsUnchangedAndReadsTheRestAgain) {
  auto before = LoadSnapshot(*pool_);
  ASSERT_TRUE(before.ok()) << before.status();
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    txn.exec_params("UPDATE foi_returns SET unaccounted_reports = 500 WHERE return_id = $1",
                    kRefusal);
    txn.commit();
  }
  auto after = LoadSnapshot(*pool_, before->get());
  ASSERT_TRUE(after.ok()) << after.status();
  ASSERT_EQ((*after)->size(), 3u);
  const ReturnFigures* partial = (*after)->ReturnsOf(kOffence, "west-mercia").at(0);
  EXPECT_EQ(partial, (*before)->ReturnsOf(kOffence, "west-mercia").at(0));
  EXPECT_FALSE(partial->lines.at(2).count.has_value()) << "still withheld";
  const ReturnFigures* refusal = (*after)->ReturnsOf(kOffence, "cleveland").at(0);
  EXPECT_NE(refusal, (*before)->ReturnsOf(kOffence, "cleveland").at(0));
  EXPECT_EQ(refusal->unaccounted_reports, 500);
  EXPECT_EQ((*before)->ReturnsOf(kOffence, "cleveland").at(0)->unaccounted_reports, 524)
      << "the snapshot replaced is left as it was";
}

}  // namespace
}  // namespace foi::stats
