#include "cli/commands/connection.h"

#include <chrono>
#include <cstdlib>

namespace foi::cli {

std::shared_ptr<grpc::Channel> Connect(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

grpc::ClientContext* Prepare(grpc::ClientContext& context) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  if (const char* key = std::getenv("FOI_API_KEY"); key != nullptr && *key != '\0') {
    context.AddMetadata("authorization", std::string("Bearer ") + key);
  }
  return &context;
}

}  // namespace foi::cli
