// CompareForces with each funnel method, over real gRPC channels on a real database: the
// method chosen draws every row's limits and is named in the reply with its overdispersion
// estimate; inexact rows carry an interval and a position where their bounds allow one; the
// national row's bounds span every row. The arithmetic itself is checked against published
// and independently computed values in tests/unit/funnel_methods_test.cc.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <map>
#include <thread>

#include "absl/strings/str_cat.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::HasSubstr;

// Reports and no-further-action outcomes per force in 2018: rates from 10% to 50%, far more
// spread than chance allows at these sizes.
const std::map<std::string, std::pair<int, int>> kForces = {
    {"cumbria", {60, 6}},        {"durham", {150, 45}},      {"kent", {900, 180}},
    {"lancashire", {1200, 408}}, {"merseyside", {700, 140}}, {"metropolitan", {6000, 1500}},
    {"northumbria", {400, 100}}};

class FunnelMethodsEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    ingest_ =
        testing::ServiceProcess::Start(FOI_INGEST_BINARY, {"--database_url=" + database_->url()});
    ASSERT_NE(ingest_, nullptr);
    stats_ = testing::ServiceProcess::Start(FOI_STATS_BINARY,
                                            {"--database_url=" + database_->UrlAs("foi_stats")});
    ASSERT_NE(stats_, nullptr);
    auto ingest = foi::v1::IngestService::NewStub(ingest_->channel());
    for (const auto& [force, figures] : kForces) Submit(*ingest, force, figures, false);
    // Sussex withholds its small figure: 20..23 of 100, an inexact row.
    Submit(*ingest, "sussex", {100, 20}, true);
    stats_stub_ = foi::v1::StatsService::NewStub(stats_->channel());
  }

  void Submit(foi::v1::IngestService::Stub& stub, const std::string& force,
              std::pair<int, int> figures, bool withheld) {
    const auto [reports, nfa] = figures;
    foi::v1::SubmitReturnRequest request;
    foi::v1::FoiReturn& r = *request.mutable_foi_return();
    r.set_force_id(force);
    r.set_offence_id("disclosing-private-sexual-images");
    r.set_period_start("2018-01-01");
    r.set_period_end("2018-12-31");
    r.set_foi_reference(absl::StrCat("E2E-", force));
    r.set_total_reports(reports);
    auto* charged = r.add_lines();
    charged->add_outcome_types("1");
    charged->set_count(reports - nfa - (withheld ? 2 : 0));
    auto* no_suspect = r.add_lines();
    no_suspect->add_outcome_types("18");
    no_suspect->set_count(nfa);
    if (withheld) {
      auto* small = r.add_lines();  // between 1 and 4, types 16 (NFA) and 3 (not)
      small->add_outcome_types("3");
      small->add_outcome_types("16");
      small->set_suppressed(true);
    }
    foi::v1::SubmitReturnResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + admin_key_);
    const grpc::Status status = stub.SubmitReturn(&context, request, &response);
    ASSERT_TRUE(status.ok()) << force << ": " << status.error_message();
  }

  // The comparison by `method`, once the stats service has every force's return.
  foi::v1::CompareForcesResponse Compare(foi::v1::FunnelMethod method) {
    foi::v1::CompareForcesRequest request;
    request.set_offence_id("disclosing-private-sexual-images");
    request.set_period_start("2018-01-01");
    request.set_period_end("2018-12-31");
    request.set_outcome_group("no-further-action");
    request.set_funnel_method(method);
    foi::v1::CompareForcesResponse response;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    do {
      response.Clear();
      grpc::ClientContext context;
      EXPECT_TRUE(stats_stub_->CompareForces(&context, request, &response).ok());
      if (response.rows_size() == static_cast<int>(kForces.size()) + 1) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    } while (std::chrono::steady_clock::now() < give_up);
    return response;
  }

  static std::map<std::string, foi::v1::ForceComparison> ByForce(
      const foi::v1::CompareForcesResponse& response) {
    std::map<std::string, foi::v1::ForceComparison> rows;
    for (const auto& row : response.rows()) rows[row.force_id()] = row;
    return rows;
  }

  std::string admin_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_, stats_;
  std::unique_ptr<foi::v1::StatsService::Stub> stats_stub_;
};

TEST_F(FunnelMethodsEndToEnd, UnspecifiedIsBinomialAndNamedSo) {
  const foi::v1::CompareForcesResponse response = Compare(foi::v1::FUNNEL_METHOD_UNSPECIFIED);
  ASSERT_EQ(response.rows_size(), 8);
  EXPECT_EQ(response.funnel_method(), foi::v1::FUNNEL_METHOD_BINOMIAL);
  EXPECT_EQ(response.overdispersion().phi(), 1);
  EXPECT_FALSE(response.overdispersion().applied());
  EXPECT_EQ(response.overdispersion().forces_used(), 7);
  const double target = response.national().rate();
  for (const auto& row : response.rows()) {
    const double half = 1.959963984540054 * std::sqrt(target * (1 - target) / row.reports());
    EXPECT_NEAR(row.funnel_upper_95(), target + half, 1e-12) << row.force_id();
  }
}

TEST_F(FunnelMethodsEndToEnd, EachMethodDrawsTheLimitsAndSaysWhatItEstimated) {
  const auto binomial = ByForce(Compare(foi::v1::FUNNEL_METHOD_BINOMIAL));
  const foi::v1::CompareForcesResponse exact = Compare(foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL);
  EXPECT_EQ(exact.funnel_method(), foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL);
  // Small forces: exact limits differ from the normal approximation; large ones barely.
  EXPECT_GT(std::abs(ByForce(exact)["cumbria"].funnel_lower_95() -
                     binomial.at("cumbria").funnel_lower_95()),
            1e-3);
  EXPECT_NEAR(ByForce(exact)["metropolitan"].funnel_upper_95(),
              binomial.at("metropolitan").funnel_upper_95(), 2e-3);

  for (foi::v1::FunnelMethod method :
       {foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS, foi::v1::FUNNEL_METHOD_MULTIPLICATIVE}) {
    const foi::v1::CompareForcesResponse response = Compare(method);
    EXPECT_EQ(response.funnel_method(), method);
    EXPECT_TRUE(response.overdispersion().applied());
    EXPECT_GT(response.overdispersion().phi(), 2);
    EXPECT_EQ(response.overdispersion().forces_used(), 7);
    if (method == foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS) {
      EXPECT_GT(response.overdispersion().tau_squared(), 0);
    }
    // Widened for every force, most of all for the largest.
    for (const auto& [force, row] : ByForce(response)) {
      EXPECT_GE(row.funnel_upper_95(), binomial.at(force).funnel_upper_95()) << force;
    }
    // Lancashire (34%) is far above the binomial limits, within the widened ones.
    EXPECT_EQ(binomial.at("lancashire").funnel_position(), foi::v1::FUNNEL_POSITION_ABOVE_998);
    EXPECT_NE(ByForce(response)["lancashire"].funnel_position(), foi::v1::FUNNEL_POSITION_ABOVE_998)
        << method << ": phi " << response.overdispersion().phi() << ", tau^2 "
        << response.overdispersion().tau_squared() << ", upper 99.8% "
        << ByForce(response)["lancashire"].funnel_upper_998();
  }
}

TEST_F(FunnelMethodsEndToEnd, AnInexactRowSaysWhatItsBoundsAllow) {
  const foi::v1::CompareForcesResponse response = Compare(foi::v1::FUNNEL_METHOD_BINOMIAL);
  const foi::v1::ForceComparison sussex = ByForce(response)["sussex"];
  EXPECT_FALSE(sussex.exact());
  EXPECT_EQ(sussex.count_min(), 20);
  EXPECT_EQ(sussex.count_max(), 24);
  ASSERT_TRUE(sussex.has_ci_lower());
  EXPECT_LT(sussex.ci_lower(), 0.20);
  EXPECT_GT(sussex.ci_upper(), 0.24);
  ASSERT_TRUE(sussex.has_funnel_upper_95());
  EXPECT_NE(sussex.funnel_position(), foi::v1::FUNNEL_POSITION_NOT_COMPARABLE);
  EXPECT_EQ(sussex.rank(), 0);
  // The target is the exact pool; the bounds span every row.
  const foi::v1::ForceComparison& national = response.national();
  EXPECT_EQ(national.reports(), 9410);
  EXPECT_EQ(national.count(), 2379);
  EXPECT_EQ(national.count_min(), 2399);
  EXPECT_EQ(national.count_max(), 2403);
  EXPECT_DOUBLE_EQ(national.rate_min(), 2399.0 / 9510);
}

TEST_F(FunnelMethodsEndToEnd, AnUnknownMethodIsRefused) {
  foi::v1::CompareForcesRequest request;
  request.set_offence_id("disclosing-private-sexual-images");
  request.set_period_start("2018-01-01");
  request.set_period_end("2018-12-31");
  request.set_outcome_group("no-further-action");
  request.set_funnel_method(static_cast<foi::v1::FunnelMethod>(42));
  foi::v1::CompareForcesResponse response;
  grpc::ClientContext context;
  const grpc::Status status = stats_stub_->CompareForces(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("rule"));
}

}  // namespace
}  // namespace foi
