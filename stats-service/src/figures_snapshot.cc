#include "stats-service/src/figures_snapshot.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"

namespace foi::stats {
namespace {

bool ById(const std::shared_ptr<const ReturnFigures>& a,
          const std::shared_ptr<const ReturnFigures>& b) {
  return a->return_id < b->return_id;
}

// The order in which ReturnsOf lists a force's returns.
bool ByEffectiveStart(const ReturnFigures* a, const ReturnFigures* b) {
  return std::tie(a->effective_start, a->return_id) < std::tie(b->effective_start, b->return_id);
}

// `kept`, in order, followed by `gains`, in any order: all of them in order. (A merge: a force
// with tens of thousands of returns gains a few at a time.)
template <typename T, typename Less>
void MergeIn(std::vector<T>& kept, std::vector<T> gains, Less less) {
  std::sort(gains.begin(), gains.end(), less);
  const size_t middle = kept.size();
  kept.insert(kept.end(), std::make_move_iterator(gains.begin()),
              std::make_move_iterator(gains.end()));
  std::inplace_merge(kept.begin(), kept.begin() + middle, kept.end(), less);
}

// Whether a return counts for any day (else no force's list shows it).
bool Counts(const ReturnFigures& r) { return r.effective_end >= r.effective_start; }

}  // namespace

const std::shared_ptr<const FiguresSnapshot::Shard>& FiguresSnapshot::ShardAt(size_t shard) const {
  static const std::shared_ptr<const Shard> kNone;
  const std::shared_ptr<const ShardBlock>& block = blocks_[shard / kShardsPerBlock];
  return block == nullptr ? kNone : (*block)[shard % kShardsPerBlock];
}

size_t FiguresSnapshot::ShardOf(const ReturnId& id) {
  // The last two bytes: random in every UUID the services make (version 7 ids begin with the
  // time they were made, so the first bytes of a day's returns are all alike).
  return (size_t{id.bytes()[14]} << 8) | id.bytes()[15];
}

FiguresSnapshot::FiguresSnapshot(Returns returns, int64_t data_version, absl::Time as_of)
    : blocks_(kShardsPerBlock), size_(returns.size()), data_version_(data_version), as_of_(as_of) {
  std::vector<Shard> shards(kShardsPerBlock * kShardsPerBlock);
  std::map<std::string, std::map<std::string, Listed, std::less<>>, std::less<>> listed;
  for (auto& r : returns) {
    if (Counts(*r)) listed[*r->offence_id][*r->force_id].push_back(r.get());
    shards[ShardOf(r->return_id)].push_back(std::move(r));
  }
  for (size_t b = 0; b < kShardsPerBlock; ++b) {
    ShardBlock block(kShardsPerBlock);
    bool empty = true;
    for (size_t i = 0; i < kShardsPerBlock; ++i) {
      Shard& shard = shards[b * kShardsPerBlock + i];
      if (shard.empty()) continue;
      std::sort(shard.begin(), shard.end(), ById);
      shard.shrink_to_fit();
      block[i] = std::make_shared<const Shard>(std::move(shard));
      empty = false;
    }
    if (!empty) blocks_[b] = std::make_shared<const ShardBlock>(std::move(block));
  }
  for (auto& [offence_id, forces] : listed) {
    for (auto& [force_id, of_force] : forces) {
      std::sort(of_force.begin(), of_force.end(), ByEffectiveStart);
      of_force.shrink_to_fit();
      index_[offence_id][force_id] = std::make_shared<const Listed>(std::move(of_force));
    }
  }
}

FiguresSnapshot::FiguresSnapshot(const FiguresSnapshot& base, int64_t data_version,
                                 absl::Time as_of)
    : blocks_(base.blocks_),
      index_(base.index_),
      size_(base.size_),
      data_version_(data_version),
      as_of_(as_of) {}

std::shared_ptr<const FiguresSnapshot> FiguresSnapshot::WithChanges(
    const std::set<std::string>& changed_ids, Returns reloaded, int64_t data_version,
    absl::Time as_of) const {
  std::shared_ptr<FiguresSnapshot> next(new FiguresSnapshot(*this, data_version, as_of));
  absl::flat_hash_set<ReturnId> changed;
  for (const std::string& id : changed_ids) {
    if (std::optional<ReturnId> parsed = ReturnId::Parse(id)) changed.insert(*parsed);
  }
  for (const auto& r : reloaded) changed.insert(r->return_id);  // (each is among them anyway)

  // What each touched shard and force gains and loses.
  using ForceKey = std::pair<std::string, std::string>;  // offence id, force id
  struct ForceChange {
    Listed gains;
    Listed losses;  // as listed: the versions the snapshot holds now
  };
  absl::flat_hash_map<size_t, Returns> shard_gains;
  std::map<ForceKey, ForceChange> force_changes;
  for (const ReturnId& id : changed) {
    shard_gains.try_emplace(ShardOf(id));
    if (std::shared_ptr<const ReturnFigures> was = Find(id)) {
      --next->size_;
      Listed& losses = force_changes[ForceKey(*was->offence_id, *was->force_id)].losses;
      if (Counts(*was)) losses.push_back(was.get());
    }
  }
  for (auto& r : reloaded) {
    ++next->size_;
    Listed& gains = force_changes[ForceKey(*r->offence_id, *r->force_id)].gains;
    if (Counts(*r)) gains.push_back(r.get());
    shard_gains[ShardOf(r->return_id)].push_back(std::move(r));
  }

  absl::flat_hash_map<size_t, ShardBlock> touched_blocks;
  for (auto& [shard, gains] : shard_gains) {
    Shard kept;
    if (const std::shared_ptr<const Shard>& was = ShardAt(shard); was != nullptr) {
      for (const auto& r : *was) {
        if (!changed.contains(r->return_id)) kept.push_back(r);
      }
    }
    MergeIn(kept, std::move(gains), ById);
    auto [block, added] = touched_blocks.try_emplace(shard / kShardsPerBlock);
    if (added) {
      const std::shared_ptr<const ShardBlock>& was = blocks_[shard / kShardsPerBlock];
      block->second = was == nullptr ? ShardBlock(kShardsPerBlock) : *was;
    }
    block->second[shard % kShardsPerBlock] =
        kept.empty() ? nullptr : std::make_shared<const Shard>(std::move(kept));
  }
  for (auto& [b, block] : touched_blocks) {
    next->blocks_[b] = std::make_shared<const ShardBlock>(std::move(block));
  }
  for (auto& [key, change] : force_changes) {
    const auto& [offence_id, force_id] = key;
    // The list less what it loses, by one merge of two lists in the same order.
    const Listed& was = ReturnsOf(offence_id, force_id);
    std::sort(change.losses.begin(), change.losses.end(), ByEffectiveStart);
    Listed kept;
    kept.reserve(was.size() + change.gains.size());
    std::set_difference(was.begin(), was.end(), change.losses.begin(), change.losses.end(),
                        std::back_inserter(kept), ByEffectiveStart);
    MergeIn(kept, std::move(change.gains), ByEffectiveStart);
    ForcesOfOffence& forces = next->index_[offence_id];
    if (!kept.empty()) {
      forces[force_id] = std::make_shared<const Listed>(std::move(kept));
    } else if (forces.erase(force_id) > 0 && forces.empty()) {
      next->index_.erase(offence_id);
    }
  }
  return next;
}

std::shared_ptr<const ReturnFigures> FiguresSnapshot::Find(const ReturnId& id) const {
  const std::shared_ptr<const Shard>& shard = ShardAt(ShardOf(id));
  if (shard == nullptr) return nullptr;
  auto found =
      std::lower_bound(shard->begin(), shard->end(), id,
                       [](const auto& r, const ReturnId& id) { return r->return_id < id; });
  if (found == shard->end() || (*found)->return_id != id) return nullptr;
  return *found;
}

const std::vector<const ReturnFigures*>& FiguresSnapshot::ReturnsOf(
    const std::string& offence_id, const std::string& force_id) const {
  static const std::vector<const ReturnFigures*> kNone;
  auto offence = index_.find(offence_id);
  if (offence == index_.end()) return kNone;
  auto force = offence->second.find(force_id);
  return force == offence->second.end() ? kNone : *force->second;
}

std::vector<const ReturnFigures*> FiguresSnapshot::ReturnsOfOffence(
    const std::string& offence_id) const {
  std::vector<const ReturnFigures*> all;
  auto offence = index_.find(offence_id);
  if (offence == index_.end()) return all;
  for (const auto& [force_id, returns] : offence->second) {
    all.insert(all.end(), returns->begin(), returns->end());
  }
  return all;
}

}  // namespace foi::stats
