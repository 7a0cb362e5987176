#include "common/auth/principal.h"

namespace foi::auth {

absl::string_view RoleName(Role role) {
  switch (role) {
    case Role::kForce:
      return "force";
    case Role::kFoiTeam:
      return "foi-team";
    case Role::kReader:
      return "reader";
    case Role::kAdmin:
      return "admin";
  }
  return "reader";
}

std::optional<Role> ParseRole(absl::string_view name) {
  for (Role role : {Role::kForce, Role::kFoiTeam, Role::kReader, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

}  // namespace foi::auth
