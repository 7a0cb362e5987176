// GetTrend over real gRPC channels: the change of rate between points with its interval, and
// "revenge porn" (disclosing-private-sexual-images, to 2024-01-30) followed on by the offence
// that replaced it (sharing-intimate-images, from 2024-01-31). Reference intervals worked from
// the Wilson formula outside this code.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
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

using ::testing::ElementsAre;

constexpr char kRevengePorn[] = "disclosing-private-sexual-images";
constexpr char kSharing[] = "sharing-intimate-images";
constexpr double kTolerance = 1e-12;

// Lancashire's return of `offence` for the calendar year `year`: `x` of `n` reports closed with
// no suspect identified (18), the rest charged (1).
foi::v1::FoiReturn YearReturn(const std::string& offence, int year, int64_t n, int64_t x) {
  foi::v1::FoiReturn r;
  r.set_force_id("lancashire");
  r.set_offence_id(offence);
  r.set_period_start(absl::StrCat(year, "-01-01"));
  r.set_period_end(absl::StrCat(year, "-12-31"));
  r.set_total_reports(n);
  r.set_foi_reference(absl::StrCat("trend/", offence, "/", year));
  const std::vector<std::pair<std::string, int64_t>> lines = {{"18", x}, {"1", n - x}};
  for (const auto& [type, count] : lines) {
    foi::v1::ReturnLine* line = r.add_lines();
    line->add_outcome_types(type);
    line->set_count(count);
  }
  return r;
}

class TrendEndToEnd : public ::testing::Test {
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

  void Submit(const foi::v1::FoiReturn& r) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = r;
    foi::v1::SubmitReturnResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + admin_key_);
    const grpc::Status status = ingest_stub_->SubmitReturn(&context, request, &response);
    ASSERT_TRUE(status.ok()) << r.foi_reference() << ": " << status.error_message();
  }

  foi::v1::GetTrendResponse Trend(const std::string& offence, bool follow_successors) {
    foi::v1::GetTrendRequest request;
    request.set_force_id("lancashire");
    request.set_offence_id(offence);
    request.set_year_kind(foi::v1::YEAR_KIND_CALENDAR);
    request.set_outcome_group("investigation-complete-no-suspect");
    request.set_follow_successors(follow_successors);
    foi::v1::GetTrendResponse response;
    grpc::ClientContext context;
    const grpc::Status status = stats_stub_->GetTrend(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // The joined trend, asked again until it has `points` points (the stats service refreshes
  // within a second of a commit) or two seconds pass.
  foi::v1::GetTrendResponse JoinedTrendWith(int points) {
    foi::v1::GetTrendResponse response;
    // A change shows within about a second; a machine busy with other tests can take longer.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    do {
      response = Trend(kRevengePorn, /*follow_successors=*/true);
      if (response.points_size() >= points) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } while (std::chrono::steady_clock::now() < give_up);
    return response;
  }

  std::string admin_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_;
  std::unique_ptr<testing::ServiceProcess> stats_;
  std::unique_ptr<foi::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

void ExpectChange(const foi::v1::TrendPoint& point, double change, double lower, double upper,
                  bool significant) {
  ASSERT_TRUE(point.has_change()) << point.label();
  EXPECT_NEAR(point.change(), change, kTolerance) << point.label();
  ASSERT_TRUE(point.has_change_lower() && point.has_change_upper()) << point.label();
  EXPECT_NEAR(point.change_lower(), lower, kTolerance) << point.label();
  EXPECT_NEAR(point.change_upper(), upper, kTolerance) << point.label();
  EXPECT_EQ(point.change_significant(), significant) << point.label();
}

std::vector<std::string> Labels(const foi::v1::GetTrendResponse& trend) {
  std::vector<std::string> labels;
  for (const auto& point : trend.points()) labels.push_back(point.label());
  return labels;
}

TEST_F(TrendEndToEnd, ChangesRunOnAcrossTheOffenceThatReplacedTheOldOne) {
  Submit(YearReturn(kRevengePorn, 2021, 80, 48));
  Submit(YearReturn(kRevengePorn, 2022, 70, 56));
  Submit(YearReturn(kRevengePorn, 2023, 100, 60));
  // Calendar 2024 as the force gives it: the new offence counts from 2024-01-31.
  Submit(YearReturn(kSharing, 2024, 90, 45));
  Submit(YearReturn(kSharing, 2025, 100, 55));

  const foi::v1::GetTrendResponse joined = JoinedTrendWith(5);
  ASSERT_THAT(Labels(joined), ElementsAre("2021", "2022", "2023", "2024", "2025"));
  std::vector<std::string> offences;
  std::vector<bool> changed;
  for (const auto& point : joined.points()) {
    offences.push_back(point.offence_id());
    changed.push_back(point.definition_changed());
  }
  EXPECT_THAT(offences, ElementsAre(kRevengePorn, kRevengePorn, kRevengePorn, kSharing, kSharing));
  EXPECT_THAT(changed, ElementsAre(false, false, false, true, false));
  EXPECT_EQ(joined.points(3).period_start(), "2024-01-31");

  EXPECT_FALSE(joined.points(0).has_change());
  EXPECT_FALSE(joined.points(0).change_significant());
  ExpectChange(joined.points(1), 0.2, 0.0524314724023648, 0.333872654036906, true);
  ExpectChange(joined.points(2), -0.2, -0.324600147669302, -0.0589039096362854, true);
  // Across the change of law: given, and flagged by definition_changed.
  ExpectChange(joined.points(3), -0.1, -0.235801448045207, 0.0408453030339495, false);
  ExpectChange(joined.points(4), 0.05, -0.0905371248419193, 0.187994913402212, false);

  // Without follow_successors, the old offence alone.
  const foi::v1::GetTrendResponse old_only = Trend(kRevengePorn, /*follow_successors=*/false);
  ASSERT_THAT(Labels(old_only), ElementsAre("2021", "2022", "2023"));
  for (int i = 0; i < old_only.points_size(); ++i) {
    EXPECT_EQ(old_only.points(i).offence_id(), kRevengePorn);
    EXPECT_FALSE(old_only.points(i).definition_changed());
    EXPECT_EQ(old_only.points(i).SerializeAsString(), joined.points(i).SerializeAsString());
  }

  // An offence nothing replaced: following its successors adds nothing, and its first point
  // has no change (there is no point before it).
  const foi::v1::GetTrendResponse new_only = Trend(kSharing, /*follow_successors=*/true);
  ASSERT_THAT(Labels(new_only), ElementsAre("2024", "2025"));
  EXPECT_EQ(new_only.points(0).offence_id(), kSharing);
  EXPECT_FALSE(new_only.points(0).definition_changed());
  EXPECT_FALSE(new_only.points(0).has_change());
  ExpectChange(new_only.points(1), 0.05, -0.0905371248419193, 0.187994913402212, false);
  const foi::v1::GetTrendResponse not_followed = Trend(kSharing, /*follow_successors=*/false);
  ASSERT_EQ(not_followed.points_size(), new_only.points_size());
  for (int i = 0; i < new_only.points_size(); ++i) {
    EXPECT_EQ(not_followed.points(i).SerializeAsString(), new_only.points(i).SerializeAsString());
  }
}

}  // namespace
}  // namespace foi
