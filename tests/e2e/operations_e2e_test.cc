// What an operator relies on: TLS and mutual TLS, the Prometheus endpoint, and a SIGTERM that
// lets the call in flight finish.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "foi/v1/stats_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/ingest_service_test.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

namespace foi {
namespace {

using ::testing::HasSubstr;

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl.
class Certificates {
 public:
  Certificates() {
    char pattern[] = "/tmp/foi-tls.XXXXXX";
    dir_ = mkdtemp(pattern);
    const std::string script = absl::StrCat(
        "cd ", dir_, " && ",
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=foi-test-ca "
        "-keyout ca.key -out ca.pem && ",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server.key -out "
        "server.csr && ",
        "printf 'subjectAltName=IP:127.0.0.1' > san.ext && ",
        "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-extfile san.ext -out server.pem && ",
        "openssl req -newkey rsa:2048 -nodes -subj /CN=foi-client -keyout client.key -out "
        "client.csr && ",
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 "
        "-out client.pem) >/dev/null 2>&1");
    ok_ = std::system(("(" + script).c_str()) == 0;
  }
  ~Certificates() { std::system(absl::StrCat("rm -rf ", dir_).c_str()); }

  bool ok() const { return ok_; }
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  std::shared_ptr<grpc::ChannelCredentials> Client(bool with_certificate) const {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = Read(Path("ca.pem"));
    if (with_certificate) {
      options.pem_private_key = Read(Path("client.key"));
      options.pem_cert_chain = Read(Path("client.pem"));
    }
    return grpc::SslCredentials(options);
  }

 private:
  std::string dir_;
  bool ok_ = false;
};

bool ListForces(const std::string& address, std::shared_ptr<grpc::ChannelCredentials> credentials) {
  auto stub = foi::v1::StatsService::NewStub(grpc::CreateChannel(address, credentials));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(3));
  foi::v1::ListForcesResponse response;
  return stub->ListForces(&context, {}, &response).ok() && response.forces_size() == 46;
}

TEST(Operations, MutualTlsAdmitsOnlyClientsWithACertificateFromTheCa) {
  Certificates tls;
  ASSERT_TRUE(tls.ok()) << "openssl failed";
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto stats = testing::ServiceProcess::Start(
      FOI_STATS_BINARY,
      {"--database_url=" + database->url(), "--tls_cert=" + tls.Path("server.pem"),
       "--tls_key=" + tls.Path("server.key"), "--tls_client_ca=" + tls.Path("ca.pem")},
      tls.Client(true));
  ASSERT_NE(stats, nullptr);
  EXPECT_TRUE(ListForces(stats->address(), tls.Client(true)));
  EXPECT_FALSE(ListForces(stats->address(), tls.Client(false)));
  EXPECT_FALSE(ListForces(stats->address(), grpc::InsecureChannelCredentials()));
}

TEST(Operations, TlsWithoutClientCertificates) {
  Certificates tls;
  ASSERT_TRUE(tls.ok()) << "openssl failed";
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  auto stats = testing::ServiceProcess::Start(
      FOI_STATS_BINARY,
      {"--database_url=" + database->url(), "--tls_cert=" + tls.Path("server.pem"),
       "--tls_key=" + tls.Path("server.key")},
      tls.Client(false));
  ASSERT_NE(stats, nullptr);
  EXPECT_TRUE(ListForces(stats->address(), tls.Client(false)));
  EXPECT_FALSE(ListForces(stats->address(), grpc::InsecureChannelCredentials()));
}

TEST(Operations, MetricsCountCallsByMethodAndStatus) {
  auto database = testing::TestDatabase::CreateMigrated();
  ASSERT_NE(database, nullptr);
  const int metrics_port = testing::FreePort();
  auto stats = testing::ServiceProcess::Start(
      FOI_STATS_BINARY, {"--database_url=" + database->url(),
                         absl::StrCat("--metrics_listen=127.0.0.1:", metrics_port)});
  ASSERT_NE(stats, nullptr);
  ASSERT_TRUE(ListForces(stats->address(), grpc::InsecureChannelCredentials()));

  httplib::Client http("127.0.0.1", metrics_port);
  auto response = http.Get("/metrics");
  ASSERT_TRUE(response) << "no answer on the metrics port";
  EXPECT_EQ(response->status, 200);
  EXPECT_THAT(
      response->body,
      HasSubstr("foi_grpc_calls_total{method=\"/foi.v1.StatsService/ListForces\",code=\"OK\"} 1"));
  EXPECT_THAT(
      response->body,
      HasSubstr(
          "foi_grpc_call_duration_seconds_bucket{method=\"/foi.v1.StatsService/ListForces\""));
  EXPECT_THAT(response->body, HasSubstr("foi_db_pool_connections_max 4"));
  EXPECT_THAT(response->body, HasSubstr("foi_stats_snapshot_age_seconds"));
}

// Each test stops the service it was given.
using IngestToStop = testing::IngestServiceTest;

TEST_F(IngestToStop, SigtermLetsTheCallInFlightFinishAndRefusesNewOnes) {
  // An import is under way when the signal comes.
  foi::v1::ImportReturnsResponse response;
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + key_);
  auto upload = stub_->ImportReturns(&context, &response);
  foi::v1::ImportReturnsRequest message;
  message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
  ASSERT_TRUE(upload->Write(message));
  message.set_chunk(
      "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,"
      "outcome,count\n");
  ASSERT_TRUE(upload->Write(message));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ingest_->Terminate();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  // A new call is refused...
  auto other = foi::v1::IngestService::NewStub(
      grpc::CreateChannel(ingest_->address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext new_context;
  new_context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  foi::v1::GetReturnResponse ignored;
  EXPECT_FALSE(other->GetReturn(&new_context, {}, &ignored).ok());

  // ...while the one in flight finishes, and then the process exits 0.
  message.set_chunk("cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,R,5,0,18,5\n");
  ASSERT_TRUE(upload->Write(message));
  upload->WritesDone();
  const grpc::Status status = upload->Finish();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.returns_imported(), 1);
  EXPECT_EQ(ingest_->Stop(), 0);
  EXPECT_EQ(database_->ReturnTableCounts().at("foi_returns"), 1);
}

// SIGTERM while submissions are queued for their batches: each one answered OK is stored whole,
// none is stored half, and the process still exits 0 (the batches in hand are written and
// answered before the server lets go).
TEST_F(IngestToStop, SigtermWithSubmissionsInFlightLosesNoAnsweredReturn) {
  std::mutex mutex;
  std::vector<std::string> answered_ids;
  std::vector<std::thread> clients;
  for (int i = 0; i < 48; ++i) {
    clients.emplace_back([&, i] {
      foi::v1::SubmitReturnRequest request;
      *request.mutable_foi_return() = testing::SeedReturnMessage();
      const std::string day = absl::FormatCivilTime(absl::CivilDay(2016, 1, 1) + i);
      request.mutable_foi_return()->set_period_start(day);
      request.mutable_foi_return()->set_period_end(day);
      grpc::ClientContext context;
      context.AddMetadata("authorization", "Bearer " + key_);
      context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
      foi::v1::SubmitReturnResponse response;
      if (stub_->SubmitReturn(&context, request, &response).ok()) {
        std::lock_guard<std::mutex> guard(mutex);
        answered_ids.push_back(response.foi_return().return_id());
      }
    });
    if (i == 24) ingest_->Terminate();
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(ingest_->Stop(), 0);

  const int lines = testing::SeedReturnMessage().lines_size();
  pqxx::connection connection(database_->url());
  pqxx::work txn(connection);
  for (const std::string& id : answered_ids) {
    EXPECT_EQ(
        txn.exec_params1("SELECT count(*) FROM return_lines WHERE return_id = $1", id)[0].as<int>(),
        lines)
        << "answered OK: " << id;
  }
  EXPECT_EQ(txn.exec1("SELECT count(*) FROM foi_returns r WHERE (SELECT count(*) FROM "
                      "return_lines l WHERE l.return_id = r.return_id) <> " +
                      std::to_string(lines))[0]
                .as<int>(),
            0)
      << "no return stored without all its lines";
}

}  // namespace
}  // namespace foi
