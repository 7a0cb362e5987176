// File: common/auth/principal.h
//
// Who is calling, as established from their API key, and what their role lets them do.
#pragma once

#include <optional>
#include <string>

#include "absl/strings/string_view.h"

namespace foi::auth {

enum class Role {
  kForce,    // writes the returns of one force only
  kFoiTeam,  // writes returns of any force, recorded as that team's source
  kReader,   // reads returns
  kAdmin,    // manages keys; may do anything
};

struct Principal {
  std::string key_id;
  Role role = Role::kReader;
  std::string force_id;  // set for kForce only
  std::string name;      // the key holder, e.g. "Lancashire FOI unit"
};

// "force", "foi-team", "reader", "admin".
absl::string_view RoleName(Role role);
std::optional<Role> ParseRole(absl::string_view name);

}  // namespace foi::auth
