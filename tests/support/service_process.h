// File: tests/support/service_process.h
//
// Runs a service binary as a child process for end-to-end tests, on a free port, and waits
// until its health check says SERVING over a real gRPC channel.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

namespace foi::testing {

class ServiceProcess {
 public:
  // Starts `binary` with `args` plus --listen=127.0.0.1:<free port>. Fails the calling test and
  // returns nullptr if it is not SERVING within 20 seconds.
  // `credentials` are the channel's (default: plaintext).
  static std::unique_ptr<ServiceProcess> Start(
      const std::string& binary, std::vector<std::string> args,
      std::shared_ptr<grpc::ChannelCredentials> credentials = nullptr);

  // Sends SIGTERM and waits; see Stop().
  ~ServiceProcess();

  // SIGTERM, then the exit code (or 128 + signal when killed by one).
  int Stop();
  // SIGTERM, without waiting.
  void Terminate();

  const std::string& address() const { return address_; }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 private:
  ServiceProcess(pid_t pid, std::string address);

  pid_t pid_;
  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  bool stopped_ = false;
  int exit_code_ = -1;
};

// A TCP port on 127.0.0.1 that nothing listened on a moment ago.
int FreePort();

}  // namespace foi::testing
