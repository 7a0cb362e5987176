#include "common/auth/grpc_principal.h"

namespace foi::auth {

absl::StatusOr<Principal> PrincipalOf(const grpc::ServerContextBase& context,
                                      Authenticator& authenticator) {
  const auto& metadata = context.client_metadata();
  auto header = metadata.find("authorization");
  if (header == metadata.end()) return authenticator.Authenticate("");
  return authenticator.Authenticate(
      absl::string_view(header->second.data(), header->second.size()));
}

}  // namespace foi::auth
