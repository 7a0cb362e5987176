// File: tests/support/ingest_service_test.h
//
// A test fixture for end-to-end tests of the ingest service alone: a migrated database of its
// own, a foi-team key made with the service's own CLI, the service running on it, and a stub.
// FOI_INGEST_BINARY is defined for the end-to-end tests by tests/CMakeLists.txt.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "foi/v1/ingest_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi::testing {

class IngestServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    key_ = CreateKeyWithCli("foi-team", database_->url());
    ingest_ = ServiceProcess::Start(FOI_INGEST_BINARY, {"--database_url=" + database_->url()});
    ASSERT_NE(ingest_, nullptr);
    stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
  }

  std::unique_ptr<TestDatabase> database_;
  std::string key_;
  std::unique_ptr<ServiceProcess> ingest_;
  std::unique_ptr<foi::v1::IngestService::Stub> stub_;
};

}  // namespace foi::testing
