#include "tests/support/service_process.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <grpcpp/create_channel.h>

#include "absl/strings/str_cat.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace foi::testing {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

namespace {

bool PortAcceptsConnections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

}  // namespace

ServiceProcess::ServiceProcess(pid_t pid, std::string address)
    : pid_(pid), address_(std::move(address)) {}

std::unique_ptr<ServiceProcess> ServiceProcess::Start(
    const std::string& binary, std::vector<std::string> args,
    std::shared_ptr<grpc::ChannelCredentials> credentials) {
  const int port = FreePort();
  const std::string address = absl::StrCat("127.0.0.1:", port);
  args.insert(args.begin(), binary);
  args.push_back(absl::StrCat("--listen=", address));
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  // posix_spawn, not fork: it runs no pthread_atfork handlers, which gRPC's client threads
  // in this process would otherwise have to quiesce for.
  pid_t pid = 0;
  if (posix_spawn(&pid, binary.c_str(), nullptr, nullptr, argv.data(), environ) != 0) {
    ADD_FAILURE() << "cannot start " << binary;
    return nullptr;
  }
  std::unique_ptr<ServiceProcess> process(new ServiceProcess(pid, address));

  // Wait for the port to accept connections before gRPC first dials it: a gRPC channel that
  // dials too early can spend seconds in reconnect backoff.
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!PortAcceptsConnections(port)) {
    if (waitpid(pid, nullptr, WNOHANG) == pid) {
      process->stopped_ = true;
      ADD_FAILURE() << binary << " exited before serving";
      return nullptr;
    }
    if (std::chrono::steady_clock::now() > give_up) {
      ADD_FAILURE() << binary << " did not listen on " << address << " within 20s";
      return nullptr;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  process->channel_ = grpc::CreateChannel(
      address, credentials != nullptr ? credentials : grpc::InsecureChannelCredentials());
  auto health = grpc::health::v1::Health::NewStub(process->channel_);
  // A service serves at once but says NOT_SERVING until its database has answered.
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status;
  while (std::chrono::steady_clock::now() < give_up) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    context.set_wait_for_ready(true);
    status = health->Check(&context, {}, &response);
    if (status.ok() && response.status() == grpc::health::v1::HealthCheckResponse::SERVING) {
      return process;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << binary << " at " << address << " is not SERVING: " << status.error_message();
  return nullptr;
}

int ServiceProcess::Stop() {
  if (stopped_) return exit_code_;
  stopped_ = true;
  channel_.reset();
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return exit_code_;
}

void ServiceProcess::Terminate() { kill(pid_, SIGTERM); }

ServiceProcess::~ServiceProcess() { Stop(); }

}  // namespace foi::testing
