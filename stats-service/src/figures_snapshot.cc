#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

FiguresSnapshot::FiguresSnapshot(std::vector<ReturnFigures> returns, int64_t data_version,
                                 std::string as_of)
    : returns_(std::move(returns)), data_version_(data_version), as_of_(std::move(as_of)) {
  for (const ReturnFigures& r : returns_) index_[r.offence_id][r.force_id].push_back(&r);
}

const std::vector<const ReturnFigures*>& FiguresSnapshot::ReturnsOf(
    const std::string& offence_id, const std::string& force_id) const {
  static const std::vector<const ReturnFigures*> kNone;
  auto offence = index_.find(offence_id);
  if (offence == index_.end()) return kNone;
  auto force = offence->second.find(force_id);
  return force == offence->second.end() ? kNone : force->second;
}

std::vector<const ReturnFigures*> FiguresSnapshot::ReturnsOfOffence(
    const std::string& offence_id) const {
  std::vector<const ReturnFigures*> all;
  auto offence = index_.find(offence_id);
  if (offence == index_.end()) return all;
  for (const auto& [force_id, returns] : offence->second) {
    all.insert(all.end(), returns.begin(), returns.end());
  }
  return all;
}

}  // namespace foi::stats
