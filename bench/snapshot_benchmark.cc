// The stats service's snapshot under a stream of writes: what taking in one reload of changes
// costs as the snapshot grows. Each reload takes C changed returns of one offence (new versions
// of returns it holds, spread over every force) into a snapshot of N returns spread over ten
// offences and 43 forces. C: 1,000 (about a second of SubmitReturn at full speed, as a reload
// under heavy writes gathers) or 30 (a tenth of a second of one client: reloads come at most
// ten a second).
//   build/bench/snapshot-benchmark
#include <benchmark/benchmark.h>

#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/uuid.h"
#include "stats-service/src/figures_snapshot.h"

namespace foi::stats {
namespace {

constexpr int kForces = 43;
constexpr int kOffences = 10;

std::shared_ptr<const ReturnFigures> RandomReturn(std::mt19937_64& random, int offence, ReturnId id,
                                                  int version) {
  auto figures = std::make_shared<ReturnFigures>();
  figures->return_id = id;
  figures->version = version;
  figures->force_id = absl::StrCat("force-", random() % kForces);
  figures->offence_id = absl::StrCat("offence-", offence);
  figures->period_start = absl::CivilDay(2000, 1, 1) + static_cast<int>(random() % 8000);
  figures->period_end = figures->period_start + 364;
  SetEffectivePeriod(*figures, absl::CivilDay(1990, 1, 1), std::nullopt);
  figures->lines.resize(20, FigureLine{.outcome_types = 1, .count = 3});
  return figures;
}

void BM_ReloadOfChanges(benchmark::State& state) {
  std::mt19937_64 random(7);
  FiguresSnapshot::Returns held;
  std::vector<ReturnId> of_offence_0;
  for (int64_t i = 0; i < state.range(0); ++i) {
    const int offence = static_cast<int>(i % kOffences);
    held.push_back(RandomReturn(random, offence, *ReturnId::Parse(NewUuid()), 1));
    if (offence == 0) of_offence_0.push_back(held.back()->return_id);
  }
  auto snapshot = std::make_shared<const FiguresSnapshot>(std::move(held), 1, absl::Now());
  int version = 1;
  for (auto _ : state) {
    state.PauseTiming();
    ++version;
    std::set<std::string> changed;
    FiguresSnapshot::Returns reloaded;
    for (int64_t i = 0; i < state.range(1); ++i) {
      const ReturnId id = of_offence_0[random() % of_offence_0.size()];
      if (changed.insert(id.ToString()).second) {
        reloaded.push_back(RandomReturn(random, 0, id, version));
      }
    }
    state.ResumeTiming();
    snapshot = snapshot->WithChanges(changed, std::move(reloaded), version, absl::Now());
  }
  state.counters["returns"] = static_cast<double>(snapshot->size());
}
BENCHMARK(BM_ReloadOfChanges)
    ->ArgsProduct({{10'000, 100'000, 1'000'000}, {30, 1000}})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace foi::stats

BENCHMARK_MAIN();
