// Real replies as given, end to end: returns that leave reports unexplained, refuse their
// breakdown or cover days before their offence existed go in through SubmitReturn and come
// out of the stats service's comparisons, breakdowns and trends as intervals and effective
// periods.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"

#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::HasSubstr;

constexpr char kOffence[] = "disclosing-private-sexual-images";  // 2015-04-13 to 2024-01-30

// A return of kOffence with `lines` ({outcome types}, count), as a force's reply gives it.
foi::v1::FoiReturn Reply(const std::string& force_id, const std::string& start,
                         const std::string& end, int64_t total,
                         const std::vector<std::pair<std::vector<std::string>, int64_t>>& lines) {
  foi::v1::FoiReturn r;
  r.set_force_id(force_id);
  r.set_offence_id(kOffence);
  r.set_period_start(start);
  r.set_period_end(end);
  r.set_total_reports(total);
  r.set_foi_reference(absl::StrCat(force_id, "/", start));
  for (const auto& [types, count] : lines) {
    foi::v1::ReturnLine* line = r.add_lines();
    for (const std::string& type : types) line->add_outcome_types(type);
    line->set_count(count);
  }
  return r;
}

// 199 reports in 2016/17, of which the reply breaks down 189.
foi::v1::FoiReturn PartlyBrokenDown() {
  foi::v1::FoiReturn r =
      Reply("west-mercia", "2016-04-01", "2017-03-31", 199,
            {{{"1"}, 32}, {{"3"}, 11}, {{"8"}, 3}, {{"18"}, 45}, {{"15", "16"}, 98}});
  r.set_unaccounted_reports(10);
  return r;
}

// 524 reports in 2016; the breakdown refused under section 12 (cost limit).
foi::v1::FoiReturn Refusal() {
  foi::v1::FoiReturn r = Reply("cleveland", "2016-01-01", "2016-12-31", 524, {});
  r.set_unaccounted_reports(524);
  r.add_exemptions("s12");
  return r;
}

class PartialRepliesEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    ASSERT_THAT(admin_key_, ::testing::StartsWith("foi_"));
    ingest_ =
        testing::ServiceProcess::Start(FOI_INGEST_BINARY, {"--database_url=" + database_->url()});
    ASSERT_NE(ingest_, nullptr);
    stats_ = testing::ServiceProcess::Start(FOI_STATS_BINARY,
                                            {"--database_url=" + database_->UrlAs("foi_stats")});
    ASSERT_NE(stats_, nullptr);
    ingest_stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
    stats_stub_ = foi::v1::StatsService::NewStub(stats_->channel());
  }

  // Submits each return as the admin, and waits until the stats service has them all.
  void Submit(const std::vector<foi::v1::FoiReturn>& returns) {
    for (const foi::v1::FoiReturn& r : returns) {
      foi::v1::SubmitReturnRequest request;
      *request.mutable_foi_return() = r;
      foi::v1::SubmitReturnResponse response;
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + admin_key_);
      const grpc::Status status = ingest_stub_->SubmitReturn(&context, request, &response);
      ASSERT_TRUE(status.ok()) << r.force_id() << ": " << status.error_message();
    }
    foi::v1::CompareForcesRequest every_return;
    every_return.set_offence_id(kOffence);
    every_return.set_period_start("2000-01-01");
    every_return.set_period_end("2099-12-31");
    every_return.set_outcome_group("no-further-action");
    // A change shows within about a second; a machine busy with other tests can take longer.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (Compare(every_return).rows_size() < static_cast<int>(returns.size()) &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }

  foi::v1::CompareForcesResponse Compare(const foi::v1::CompareForcesRequest& request) {
    foi::v1::CompareForcesResponse response;
    grpc::ClientContext context;
    const grpc::Status status = stats_stub_->CompareForces(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  foi::v1::CompareForcesResponse Compare(const std::string& start, const std::string& end,
                                         const std::string& group) {
    foi::v1::CompareForcesRequest request;
    request.set_offence_id(kOffence);
    request.set_period_start(start);
    request.set_period_end(end);
    request.set_outcome_group(group);
    return Compare(request);
  }

  std::string admin_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_;
  std::unique_ptr<testing::ServiceProcess> stats_;
  std::unique_ptr<foi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

// The row of `force_id`, or an empty one.
foi::v1::ForceComparison RowOf(const foi::v1::CompareForcesResponse& response,
                               const std::string& force_id) {
  for (const auto& row : response.rows()) {
    if (row.force_id() == force_id) return row;
  }
  ADD_FAILURE() << "no row for " << force_id;
  return {};
}

foi::v1::Exclusion ExclusionOf(const foi::v1::CompareForcesResponse& response,
                               const std::string& force_id) {
  for (const auto& exclusion : response.excluded()) {
    if (exclusion.force_id() == force_id) return exclusion;
  }
  ADD_FAILURE() << "no exclusion for " << force_id;
  return {};
}

TEST_F(PartialRepliesEndToEnd, ARefusalIsARowFromNoneToAllThatNamesItsExemption) {
  Submit({Refusal(), testing::SeedReturnMessage()});
  const auto comparison = Compare("2015-01-01", "2017-12-31", "no-further-action");
  const auto cleveland = RowOf(comparison, "cleveland");
  EXPECT_EQ(cleveland.reports(), 524);
  EXPECT_EQ(cleveland.count_min(), 0);
  EXPECT_EQ(cleveland.count_max(), 524);
  EXPECT_FALSE(cleveland.exact());
  EXPECT_FALSE(cleveland.has_rate());
  EXPECT_EQ(cleveland.rank(), 0);
  const auto excluded = ExclusionOf(comparison, "cleveland");
  EXPECT_EQ(excluded.reason(), foi::v1::EXCLUSION_REASON_FIGURES_WITHHELD);
  EXPECT_EQ(excluded.detail(),
            "reports the reply does not break down leave the count between 0 and 524; "
            "withheld under s12");
  // The seed return's exact row is as it always was, and alone in the national pool.
  const auto lancashire = RowOf(comparison, "lancashire");
  EXPECT_EQ(lancashire.count(), 177);
  EXPECT_EQ(lancashire.rank(), 1);
  EXPECT_EQ(comparison.national().reports(), 220);
}

TEST_F(PartialRepliesEndToEnd, UnaccountedReportsWidenOnlyNumeratorsWithTypesNoLineNames) {
  Submit({PartlyBrokenDown()});
  const auto charged =
      RowOf(Compare("2016-04-01", "2017-03-31", "charged-summonsed"), "west-mercia");
  EXPECT_EQ(charged.count_min(), 32);  // type 1A is named by no line: the 10 may be there
  EXPECT_EQ(charged.count_max(), 42);
  EXPECT_THAT(
      ExclusionOf(Compare("2016-04-01", "2017-03-31", "charged-summonsed"), "west-mercia").detail(),
      HasSubstr("reports the reply does not break down"));

  foi::v1::CompareForcesRequest type_1;
  type_1.set_offence_id(kOffence);
  type_1.set_period_start("2016-04-01");
  type_1.set_period_end("2017-03-31");
  type_1.add_outcome_types("1");
  const auto exact = Compare(type_1);
  const auto row = RowOf(exact, "west-mercia");
  EXPECT_TRUE(row.exact());
  EXPECT_EQ(row.count(), 32);
  EXPECT_DOUBLE_EQ(row.rate(), 32.0 / 199.0);
  EXPECT_EQ(row.rank(), 1);
}

TEST_F(PartialRepliesEndToEnd, TheBreakdownShowsUnaccountedAndUnknownReportsAsTheirOwnShares) {
  // 80 reports: 15 charged, 27 evidential difficulties or victim withdrew, 10 no suspect
  // identified, 28 not accounted for; and 6 of them with no outcome stated.
  foi::v1::FoiReturn sussex = Reply("sussex", "2019-01-01", "2019-12-31", 86,
                                    {{{"1"}, 15}, {{"15", "16"}, 27}, {{"18"}, 10}});
  sussex.set_unaccounted_reports(28);
  sussex.set_unknown_outcome_reports(6);
  Submit({sussex});

  foi::v1::GetForceBreakdownRequest request;
  request.set_force_id("sussex");
  request.set_offence_id(kOffence);
  request.set_period_start("2019-01-01");
  request.set_period_end("2019-12-31");
  foi::v1::GetForceBreakdownResponse breakdown;
  grpc::ClientContext context;
  ASSERT_TRUE(stats_stub_->GetForceBreakdown(&context, request, &breakdown).ok());
  EXPECT_EQ(breakdown.reports(), 86);
  const int n = breakdown.groups_size();
  ASSERT_GE(n, 3);
  EXPECT_EQ(breakdown.groups(n - 3).group_id(), "not-yet-assigned");
  const foi::v1::GroupShare& unaccounted = breakdown.groups(n - 2);
  EXPECT_EQ(unaccounted.group_id(), "unaccounted");
  EXPECT_EQ(unaccounted.name(), "Not broken down by the reply");
  EXPECT_EQ(unaccounted.kind(), foi::v1::OUTCOME_GROUP_KIND_UNSPECIFIED);
  EXPECT_TRUE(unaccounted.exact());
  EXPECT_EQ(unaccounted.count_min(), 28);
  EXPECT_DOUBLE_EQ(unaccounted.share_min(), 28.0 / 86.0);
  const foi::v1::GroupShare& unknown = breakdown.groups(n - 1);
  EXPECT_EQ(unknown.group_id(), "unknown-outcome");
  EXPECT_EQ(unknown.name(), "Outcome not stated");
  EXPECT_EQ(unknown.kind(), foi::v1::OUTCOME_GROUP_KIND_UNSPECIFIED);
  EXPECT_TRUE(unknown.exact());
  EXPECT_EQ(unknown.count_max(), 6);

  std::map<std::string, foi::v1::GroupShare> by_id;
  for (const auto& group : breakdown.groups()) by_id[group.group_id()] = group;
  EXPECT_EQ(by_id["charged-summonsed"].count_min(), 15);
  EXPECT_EQ(by_id["charged-summonsed"].count_max(), 15 + 28 + 6);  // 1A: named by no line
  EXPECT_EQ(by_id["investigation-complete-no-suspect"].count_min(), 10);
  EXPECT_EQ(by_id["investigation-complete-no-suspect"].count_max(), 10 + 6);
  EXPECT_FALSE(by_id["investigation-complete-no-suspect"].exact());
}

TEST_F(PartialRepliesEndToEnd, AReturnCountsOnlyOverTheDaysItsOffenceWasInForce) {
  // From 2015-01-01, though the offence came into force on 2015-04-13; and to 2024-03-31,
  // though it was replaced from 2024-01-31.
  Submit({Reply("lancashire", "2015-01-01", "2020-12-31", 100, {{{"18"}, 100}}),
          Reply("cumbria", "2015-01-01", "2016-03-31", 10, {{{"18"}, 10}}),
          Reply("sussex", "2023-04-01", "2024-03-31", 20, {{{"18"}, 20}})});

  const auto before = Compare("2015-01-01", "2015-04-12", "no-further-action");
  EXPECT_EQ(before.rows_size(), 0);
  EXPECT_EQ(ExclusionOf(before, "lancashire").reason(), foi::v1::EXCLUSION_REASON_NO_RETURN);

  const auto since = Compare("2015-04-13", "2020-12-31", "no-further-action");
  const auto lancashire = RowOf(since, "lancashire");
  EXPECT_EQ(lancashire.period_start(), "2015-04-13");
  EXPECT_EQ(lancashire.period_end(), "2020-12-31");
  ASSERT_EQ(lancashire.returns_size(), 1);
  EXPECT_EQ(lancashire.returns(0).period_start(), "2015-04-13");

  const auto after_repeal = Compare("2024-01-31", "2024-12-31", "no-further-action");
  EXPECT_EQ(ExclusionOf(after_repeal, "sussex").reason(), foi::v1::EXCLUSION_REASON_NO_RETURN);

  foi::v1::GetTrendRequest request;
  request.set_offence_id(kOffence);
  request.set_year_kind(foi::v1::YEAR_KIND_FINANCIAL);
  request.set_outcome_group("no-further-action");
  foi::v1::GetTrendResponse trend;
  grpc::ClientContext context;
  ASSERT_TRUE(stats_stub_->GetTrend(&context, request, &trend).ok());
  std::vector<std::string> labels;
  for (const auto& point : trend.points()) labels.push_back(point.label());
  // Cumbria's 2015-01-01 to 2016-03-31 fits 2015/16; Sussex's return ends with the offence.
  EXPECT_THAT(labels, ::testing::ElementsAre("2015/16", "2023/24"));
  EXPECT_EQ(trend.points(0).period_start(), "2015-04-13");
  EXPECT_EQ(trend.points(1).period_end(), "2024-01-30");
  ASSERT_EQ(trend.spanning_size(), 1);
  EXPECT_EQ(trend.spanning(0).label(), "2015-04-13 to 2020-12-31");
}

TEST_F(PartialRepliesEndToEnd, ListOutcomeTypesSaysWhenEachTypeWasIntroduced) {
  foi::v1::ListOutcomeTypesResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stats_stub_->ListOutcomeTypes(&context, {}, &response).ok());
  std::map<std::string, std::string> introduced_on;
  for (const auto& type : response.outcome_types())
    introduced_on[type.code()] = type.introduced_on();
  EXPECT_EQ(introduced_on["1"], "2014-04-01");
  EXPECT_EQ(introduced_on["21"], "2016-01-01");
  EXPECT_EQ(introduced_on["22"], "2019-04-01");
  for (const auto& [code, day] : introduced_on) EXPECT_EQ(day.size(), 10u) << code;
}

}  // namespace
}  // namespace foi
