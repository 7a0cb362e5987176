#include "tests/support/api_samples.h"

#include <cstdio>
#include <utility>
#include <vector>

namespace foi::testing {

foi::v1::FoiReturn SeedReturnMessage() {
  foi::v1::FoiReturn r;
  r.set_force_id("lancashire");
  r.set_offence_id("disclosing-private-sexual-images");
  r.set_period_start("2015-04-13");
  r.set_period_end("2017-04-12");
  r.set_total_reports(220);
  r.set_not_yet_assigned(12);
  r.set_foi_reference("seed-article");
  const std::vector<std::pair<std::vector<std::string>, int>> lines = {
      {{"1"}, 12}, {{"2", "3", "8"}, 19}, {{"15", "16"}, 110}, {{"10", "21"}, 17}, {{"18"}, 50}};
  for (const auto& [types, count] : lines) {
    foi::v1::ReturnLine* line = r.add_lines();
    for (const std::string& type : types) line->add_outcome_types(type);
    line->set_count(count);
  }
  return r;
}

std::string CreateKeyWithCli(const std::string& role, const std::string& database_url,
                             const std::string& force_id) {
  std::string command = std::string(FOI_INGEST_BINARY) + " keys create --role=" + role +
                        " --name=tests --database_url=" + database_url;
  if (!force_id.empty()) command += " --force=" + force_id;
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[256];
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) output += buffer;
  pclose(pipe);
  while (!output.empty() && output.back() == '\n') output.pop_back();
  return output;
}

}  // namespace foi::testing
