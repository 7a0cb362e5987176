// The ingest service against clients that are careless or hostile: uploads cancelled, cut off
// or left hanging, a second header, bad requests mixed into batches of good ones, huge and
// poisoned fields, stale amendments. Nothing may be half-stored and nobody else blocked.
#include <gmock/gmock.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "foi/v1/ingest_service.grpc.pb.h"
#include "tests/support/api_samples.h"
#include "tests/support/rpc_status.h"
#include "tests/support/service_process.h"
#include "tests/support/test_database.h"

extern char** environ;

namespace foi {
namespace {

using ::testing::HasSubstr;

constexpr char kCsvHeader[] =
    "force,offence,period_start,period_end,foi_reference,total_reports,not_yet_assigned,outcome,"
    "count\n";
// One return of 100 reports, all charged.
constexpr char kCsvRow[] =
    "cumbria,disclosing-private-sexual-images,2018-01-01,2018-12-31,X,100,0,Charged,100\n";
// A file of two returns, and the same file cut where the first ends: what arrived of it is a
// well-formed file that a server which took the end of the stream for the end of the file
// would store.
const std::string kTwoReturns =
    std::string(kCsvHeader) + kCsvRow +
    "dorset,disclosing-private-sexual-images,2018-01-01,2018-12-31,Y,7,0,Charged,7\n";
const std::string kCutAfterTheFirst = std::string(kCsvHeader) + kCsvRow;

// The ErrorInfo reason a status carries, or empty.
std::string ReasonOf(const grpc::Status& status) {
  return testing::ErrorInfoOfStatus(status).reason;
}

class HostileClients : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = testing::TestDatabase::CreateMigrated();
    ASSERT_NE(database_, nullptr);
    admin_key_ = testing::CreateKeyWithCli("admin", database_->url());
    reader_key_ = testing::CreateKeyWithCli("reader", database_->url());
    // A short idle limit, so that stalled streams are given up within the test.
    ingest_ = testing::ServiceProcess::Start(
        FOI_INGEST_BINARY, {"--database_url=" + database_->url(), "--import_idle_timeout=2s"});
    ASSERT_NE(ingest_, nullptr);
    stub_ = foi::v1::IngestService::NewStub(ingest_->channel());
  }

  std::unique_ptr<grpc::ClientContext> As(const std::string& key) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + key);
    return context;
  }

  static foi::v1::ImportReturnsRequest Header(bool validate_only = false) {
    foi::v1::ImportReturnsRequest message;
    message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
    message.mutable_header()->set_source("e2e");
    message.mutable_header()->set_validate_only(validate_only);
    return message;
  }

  static foi::v1::ImportReturnsRequest Chunk(const std::string& bytes) {
    foi::v1::ImportReturnsRequest message;
    message.set_chunk(bytes);
    return message;
  }

  // Uploads `csv` whole and closes the stream normally.
  grpc::Status Upload(const std::string& csv, foi::v1::ImportReturnsResponse* response) {
    auto context = As(admin_key_);
    auto writer = stub_->ImportReturns(context.get(), response);
    writer->Write(Header());
    writer->Write(Chunk(csv));
    writer->WritesDone();
    return writer->Finish();
  }

  long StoredReturns() { return database_->ReturnTableCounts().at("foi_returns"); }

  // Sessions of the test database with a transaction open, other than this one.
  long OpenTransactions() {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    return txn
        .exec1(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL")[0]
        .as<long>();
  }

  // The open transactions once the service has finished what it was given: submissions given
  // up on may still be in a batch another writer commits after the last answer is sent, so a
  // transaction open at one instant is not one left open. Gives up waiting after 10 s.
  long OpenTransactionsOnceSettled() {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    long open = OpenTransactions();
    while (open != 0 && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      open = OpenTransactions();
    }
    return open;
  }

  std::string admin_key_, reader_key_;
  std::unique_ptr<testing::TestDatabase> database_;
  std::unique_ptr<testing::ServiceProcess> ingest_;
  std::unique_ptr<foi::v1::IngestService::Stub> stub_;
};

TEST_F(HostileClients, ACancelledUploadStoresNothing) {
  auto context = As(admin_key_);
  foi::v1::ImportReturnsResponse response;
  auto writer = stub_->ImportReturns(context.get(), &response);
  ASSERT_TRUE(writer->Write(Header()));
  ASSERT_TRUE(writer->Write(Chunk(kCutAfterTheFirst)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  context->TryCancel();
  EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(StoredReturns(), 0);
  // The whole file, closed normally, is stored whole.
  foi::v1::ImportReturnsResponse stored;
  const grpc::Status status = Upload(kTwoReturns, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.returns_imported(), 2);
}

TEST_F(HostileClients, AnUploadCutOffByADyingClientStoresNothing) {
  std::vector<std::string> args = {CUT_UPLOAD_CLIENT, ingest_->address(), admin_key_,
                                   kCutAfterTheFirst};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, CUT_UPLOAD_CLIENT, nullptr, nullptr, argv.data(), environ), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(pid, &wait_status, 0), pid);
  ASSERT_TRUE(WIFSIGNALED(wait_status)) << "the client should have died mid-upload";
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  EXPECT_EQ(StoredReturns(), 0);
}

TEST_F(HostileClients, StalledUploadsHoldNoDatabaseResourcesAndTimeOut) {
  // More stalled clients than there are import slots, each having sent its header and part of
  // a file.
  constexpr int kStalled = 3;
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientWriter<foi::v1::ImportReturnsRequest>>> writers;
  std::vector<foi::v1::ImportReturnsResponse> responses(kStalled);
  for (int i = 0; i < kStalled; ++i) {
    contexts.push_back(As(admin_key_));
    writers.push_back(stub_->ImportReturns(contexts.back().get(), &responses[i]));
    ASSERT_TRUE(writers.back()->Write(Header()));
    ASSERT_TRUE(writers.back()->Write(Chunk(kCsvHeader)));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(OpenTransactions(), 0) << "a stalled upload holds a transaction open";

  // Everyone else's imports go through meanwhile.
  foi::v1::ImportReturnsResponse response;
  const grpc::Status status = Upload(std::string(kCsvHeader) + kCsvRow, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();

  // The stalled ones are given up after the idle limit (2 s here), storing nothing.
  for (auto& writer : writers) {
    EXPECT_EQ(writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  EXPECT_EQ(StoredReturns(), 1);
}

// Every held upload is a file on disk: beyond --import_max_uploads, the next is refused at once
// rather than filling the disk.
TEST_F(HostileClients, UploadsBeyondTheLimitAreRefused) {
  auto limited = testing::ServiceProcess::Start(
      FOI_INGEST_BINARY, {"--database_url=" + database_->url(), "--import_max_uploads=1"});
  ASSERT_NE(limited, nullptr);
  auto stub = foi::v1::IngestService::NewStub(limited->channel());
  auto holder_context = As(admin_key_);
  foi::v1::ImportReturnsResponse holder_response;
  auto holder = stub->ImportReturns(holder_context.get(), &holder_response);
  ASSERT_TRUE(holder->Write(Header()));
  ASSERT_TRUE(holder->Write(Chunk(kCsvHeader)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));

  auto context = As(admin_key_);
  foi::v1::ImportReturnsResponse response;
  auto refused = stub->ImportReturns(context.get(), &response);
  refused->Write(Header());
  refused->WritesDone();
  const grpc::Status status = refused->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "UPLOADS_BUSY");

  // Once the first is done, the place is free again.
  holder->Write(Chunk(kCsvRow));
  holder->WritesDone();
  ASSERT_TRUE(holder->Finish().ok());
  auto again_context = As(admin_key_);
  auto again = stub->ImportReturns(again_context.get(), &response);
  again->Write(Header(/*validate_only=*/true));
  again->Write(Chunk(kTwoReturns));
  again->WritesDone();
  const grpc::Status after = again->Finish();
  EXPECT_EQ(after.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << after.error_message();
  EXPECT_EQ(ReasonOf(after), "FILE_INVALID");  // cumbria's return is stored now: it overlaps
}

TEST_F(HostileClients, ASecondHeaderIsRefusedAndNothingStored) {
  auto context = As(admin_key_);
  foi::v1::ImportReturnsResponse response;
  auto writer = stub_->ImportReturns(context.get(), &response);
  writer->Write(Header());
  writer->Write(Chunk(std::string(kCsvHeader) + kCsvRow));
  writer->Write(Header(/*validate_only=*/true));
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("only the first message may carry a header"));
  EXPECT_EQ(StoredReturns(), 0);
}

TEST_F(HostileClients, AReadOnlyKeyIsRefusedBeforeItSendsItsFile) {
  auto context = As(reader_key_);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  foi::v1::ImportReturnsResponse response;
  auto writer = stub_->ImportReturns(context.get(), &response);
  writer->Write(Header());
  // The server answers while the stream is still open: it does not wait for the file.
  writer->WaitForInitialMetadata();
  const grpc::Status status = writer->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << status.error_message();
}

TEST_F(HostileClients, AnOversizedOrPoisonedSourceIsRefused) {
  for (const std::string& source :
       {std::string(1 << 20, 'a'), std::string("file.csv\n\x1b[31mOK\x1b[0m")}) {
    auto context = As(admin_key_);
    foi::v1::ImportReturnsResponse response;
    auto writer = stub_->ImportReturns(context.get(), &response);
    foi::v1::ImportReturnsRequest header = Header();
    header.mutable_header()->set_source(source);
    writer->Write(header);
    writer->Write(Chunk(std::string(kCsvHeader) + kCsvRow));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("header.source"));
  }
  EXPECT_EQ(StoredReturns(), 0);
}

// 60 good submissions and 9 dated in year 0 (which once passed validation and failed the whole
// group-committed batch in PostgreSQL), sent together: the good ones are all stored, the bad
// ones get a field error of their own. That a batch PostgreSQL refuses is written one by one
// is pinned at the store (ReturnServiceTest.ABadSubmissionInABatchFailsOnlyItself).
TEST_F(HostileClients, BadSubmissionsAmongGoodOnesFailOnlyThemselves) {
  const std::vector<std::string> forces = {
      "avon-and-somerset", "bedfordshire", "cambridgeshire",     "cheshire", "cleveland",
      "cumbria",           "derbyshire",   "devon-and-cornwall", "dorset",   "durham"};
  std::mutex mutex;
  std::vector<grpc::Status> good, bad;
  std::vector<std::thread> clients;
  for (int i = 0; i < 69; ++i) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = testing::SeedReturnMessage();
    foi::v1::FoiReturn& r = *request.mutable_foi_return();
    const bool poisoned = i % 8 == 3;  // 9 of 69
    const int n = i - (i + 4) / 8;     // the good ones count 0..59
    r.set_force_id(forces[n % forces.size()]);
    r.set_period_start(absl::StrCat(2016 + n / forces.size(), "-01-01"));
    r.set_period_end(absl::StrCat(2016 + n / forces.size(), "-12-31"));
    if (poisoned) r.set_received_on("0000-01-01");
    clients.emplace_back([&, request, poisoned] {
      foi::v1::SubmitReturnResponse response;
      const grpc::Status status = stub_->SubmitReturn(As(admin_key_).get(), request, &response);
      std::lock_guard<std::mutex> guard(mutex);
      (poisoned ? bad : good).push_back(status);
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_EQ(good.size(), 60u);
  ASSERT_EQ(bad.size(), 9u);
  for (const grpc::Status& status : good) EXPECT_TRUE(status.ok()) << status.error_message();
  for (const grpc::Status& status : bad) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr("received_on"));
  }
  EXPECT_EQ(StoredReturns(), 60);
}

// Submissions whose callers give up (a deadline that passes while the batch is written, a
// cancel right after sending) are each stored whole or not at all, every stored return has
// all its lines, no transaction is left open, and the next caller is answered as usual. The
// answer to a submission is sent by the thread that commits its batch, whoever is still there.
TEST_F(HostileClients, SubmissionsGivenUpOnAreStoredWholeOrNotAtAll) {
  const std::vector<std::string> forces = {"avon-and-somerset", "bedfordshire", "cambridgeshire",
                                           "cheshire",          "cleveland",    "cumbria",
                                           "derbyshire",        "dorset"};
  std::vector<std::thread> clients;
  for (int i = 0; i < 64; ++i) {
    foi::v1::SubmitReturnRequest request;
    *request.mutable_foi_return() = testing::SeedReturnMessage();
    foi::v1::FoiReturn& r = *request.mutable_foi_return();
    r.set_force_id(forces[i % forces.size()]);
    r.set_period_start(absl::StrCat(2016 + i / forces.size(), "-01-01"));
    r.set_period_end(absl::StrCat(2016 + i / forces.size(), "-12-31"));
    clients.emplace_back([this, request, i] {
      auto context = As(admin_key_);
      if (i % 2 == 0) {
        context->set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(1));
      }
      foi::v1::SubmitReturnResponse response;
      std::unique_ptr<grpc::ClientAsyncResponseReader<foi::v1::SubmitReturnResponse>> call;
      grpc::CompletionQueue queue;
      call = stub_->AsyncSubmitReturn(context.get(), request, &queue);
      if (i % 2 == 1) context->TryCancel();
      grpc::Status status;
      call->Finish(&response, &status, nullptr);
      void* tag = nullptr;
      bool ok = false;
      queue.Next(&tag, &ok);
    });
  }
  for (std::thread& client : clients) client.join();

  foi::v1::SubmitReturnRequest next;
  *next.mutable_foi_return() = testing::SeedReturnMessage();
  next.mutable_foi_return()->set_force_id("durham");
  foi::v1::SubmitReturnResponse stored;
  const grpc::Status status = stub_->SubmitReturn(As(admin_key_).get(), next, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(OpenTransactionsOnceSettled(), 0);

  const int lines = testing::SeedReturnMessage().lines_size();
  pqxx::row counts;
  {
    pqxx::connection connection(database_->url());
    pqxx::work txn(connection);
    counts = txn.exec1(
        "SELECT (SELECT count(*) FROM foi_returns), (SELECT count(*) FROM return_lines), "
        "(SELECT count(*) FROM audit_log), "
        "(SELECT count(*) FROM foi_returns r WHERE (SELECT count(*) FROM return_lines l "
        "WHERE l.return_id = r.return_id AND l.version = r.version) <> " +
        std::to_string(lines) + ")");
  }
  const long returns = counts[0].as<long>();
  EXPECT_GE(returns, 1);
  EXPECT_LE(returns, 65);
  EXPECT_EQ(counts[1].as<long>(), returns * lines);
  EXPECT_EQ(counts[2].as<long>(), returns) << "an audit event for each stored version";
  EXPECT_EQ(counts[3].as<long>(), 0) << "no return stored without all its lines";
}

// A megabyte echoed into the message would overflow the client's metadata limit and hide the
// real error behind RESOURCE_EXHAUSTED.
TEST_F(HostileClients, HugeFieldsComeBackAsTheRealError) {
  const std::string huge(1 << 20, 'x');
  foi::v1::GetReturnRequest get;
  get.set_return_id(huge);
  foi::v1::GetReturnResponse got;
  grpc::Status status = stub_->GetReturn(As(admin_key_).get(), get, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();

  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = testing::SeedReturnMessage();
  submit.mutable_foi_return()->set_force_id(huge);
  foi::v1::SubmitReturnResponse submitted;
  status = stub_->SubmitReturn(As(admin_key_).get(), submit, &submitted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
  EXPECT_LT(status.error_message().size(), 1000u);
}

TEST_F(HostileClients, ATrialSubmissionComesBackUnstored) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = testing::SeedReturnMessage();
  submit.set_validate_only(true);
  foi::v1::SubmitReturnResponse response;
  const grpc::Status status = stub_->SubmitReturn(As(admin_key_).get(), submit, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.foi_return().return_id(), "");
  EXPECT_FALSE(response.foi_return().has_created_at());
  EXPECT_EQ(response.foi_return().version(), 0);
  EXPECT_EQ(response.foi_return().total_reports(), submit.foi_return().total_reports());
  EXPECT_EQ(StoredReturns(), 0);
}

TEST_F(HostileClients, ConcurrentAmendmentsOfOneVersionStoreOneAndAbortTheRest) {
  foi::v1::SubmitReturnRequest submit;
  *submit.mutable_foi_return() = testing::SeedReturnMessage();
  foi::v1::SubmitReturnResponse submitted;
  ASSERT_TRUE(stub_->SubmitReturn(As(admin_key_).get(), submit, &submitted).ok());
  constexpr int kWriters = 20;
  std::atomic<int> succeeded{0}, aborted{0};
  std::vector<std::thread> writers;
  for (int i = 0; i < kWriters; ++i) {
    writers.emplace_back([&, i] {
      foi::v1::AmendReturnRequest amend;
      amend.set_return_id(submitted.foi_return().return_id());
      *amend.mutable_foi_return() = testing::SeedReturnMessage();
      amend.mutable_foi_return()->set_foi_reference(absl::StrCat("amendment ", i));
      amend.set_reason("correction");
      amend.set_expected_version(1);
      foi::v1::AmendReturnResponse response;
      const grpc::Status status = stub_->AmendReturn(As(admin_key_).get(), amend, &response);
      if (status.ok()) ++succeeded;
      if (status.error_code() == grpc::StatusCode::ABORTED &&
          ReasonOf(status) == "VERSION_MISMATCH") {
        ++aborted;
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(succeeded.load(), 1);
  EXPECT_EQ(aborted.load(), kWriters - 1);
}

}  // namespace
}  // namespace foi
