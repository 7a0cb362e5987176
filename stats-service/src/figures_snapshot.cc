#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {

FiguresSnapshot::FiguresSnapshot(std::vector<ReturnFigures> returns, int64_t data_version,
                                 std::string as_of)
    : returns_(std::move(returns)), data_version_(data_version), as_of_(std::move(as_of)) {
  for (const ReturnFigures& r : returns_) index_[{r.offence_id, r.force_id}].push_back(&r);
}

const std::vector<const ReturnFigures*>& FiguresSnapshot::ReturnsOf(
    const std::string& offence_id, const std::string& force_id) const {
  static const std::vector<const ReturnFigures*> kNone;
  auto found = index_.find({offence_id, force_id});
  return found == index_.end() ? kNone : found->second;
}

std::vector<const ReturnFigures*> FiguresSnapshot::ReturnsOfOffence(
    const std::string& offence_id) const {
  std::vector<const ReturnFigures*> all;
  for (auto it = index_.lower_bound({offence_id, ""});
       it != index_.end() && it->first.first == offence_id; ++it) {
    all.insert(all.end(), it->second.begin(), it->second.end());
  }
  return all;
}

}  // namespace foi::stats
