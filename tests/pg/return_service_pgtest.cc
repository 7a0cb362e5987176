// ReturnService with the real ReturnStore on a real PostgreSQL database.
#include "ingest-service/src/return_service.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/db/catalog_loader.h"
#include "common/field_violations.h"
#include "tests/support/test_database.h"

namespace foi::ingest {
namespace {

using ::testing::Contains;
using ::testing::Field;

FoiReturn SeedReturn() {
  FoiReturn r;
  r.force_id = "lancashire";
  r.offence_id = "disclosing-private-sexual-images";
  r.period_start = "2015-04-13";
  r.period_end = "2017-04-12";
  r.total_reports = 220;
  r.not_yet_assigned = 12;
  r.foi_reference = "LANCS/FOI/2017/\"0412\"";
  r.received_on = "2017-05-02";
  r.lines = {
      {{"1"}, 12, false, "Charged"},
      {{"8", "3", "2"}, 19, false, "Cautions, community resolutions, youth cautions"},
      {{"15", "16"}, 110, false, "Evidential difficulties {suspect identified}"},
      {{"10", "21"}, 17, false, "Not in the public interest"},
      {{"18"}, std::nullopt, true, "<5"},
  };
  r.total_reports = 220 - 50 + 3;
  return r;
}

class ReturnServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    pool_ = std::make_unique<db::ConnectionPool>(database_->url(), 2);
    auto catalog = db::LoadCatalog(*pool_);
    ASSERT_TRUE(catalog.ok()) << catalog.status();
    catalog_ = std::make_unique<Catalog>(*std::move(catalog));
    store_ = std::make_unique<ReturnStore>(*pool_);
    service_ = std::make_unique<ReturnService>(*catalog_, *store_,
                                               [] { return absl::CivilDay(2026, 11, 29); });
  }

  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<Catalog> catalog_;
  std::unique_ptr<ReturnStore> store_;
  std::unique_ptr<ReturnService> service_;
};

TEST_F(ReturnServiceTest, AValidReturnRoundTripsUnchanged) {
  const FoiReturn submitted = SeedReturn();
  auto stored = service_->Submit(submitted, /*validate_only=*/false);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->version, 1);
  EXPECT_EQ(stored->status, ReturnStatus::kActive);

  auto fetched = service_->Get(stored->return_id, 0);
  ASSERT_TRUE(fetched.ok()) << fetched.status();
  EXPECT_EQ(fetched->return_id, stored->return_id);
  EXPECT_EQ(fetched->version, 1);
  EXPECT_EQ(fetched->status, ReturnStatus::kActive);
  EXPECT_EQ(fetched->created_at, stored->created_at);
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
}

TEST_F(ReturnServiceTest, GetOfAnUnknownReturnIsNotFound) {
  auto fetched = service_->Get("00000000-0000-0000-0000-000000000000", 0);
  EXPECT_EQ(fetched.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(service_->Get("not-a-uuid", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ReturnServiceTest, ValidateOnlyWritesNothing) {
  const auto before = database_->ReturnTableCounts();
  ASSERT_TRUE(service_->Submit(SeedReturn(), /*validate_only=*/true).ok());
  EXPECT_EQ(database_->ReturnTableCounts(), before);
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
  ASSERT_TRUE(service_->Submit(SeedReturn(), false).ok());  // something already stored
  const auto before = database_->ReturnTableCounts();
  FoiReturn r = SeedReturn();
  GetParam().break_it(r);

  auto result = service_->Submit(r, false);
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(result.status().message()), ::testing::HasSubstr(GetParam().field));
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
};

INSTANTIATE_TEST_SUITE_P(EachRule, RejectedReturn, ::testing::ValuesIn(kRejections),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace foi::ingest
