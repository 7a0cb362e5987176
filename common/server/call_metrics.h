// File: common/server/call_metrics.h
//
// What a service counts, in Prometheus' text format: calls and their latency per method and
// status, plus whatever counters and gauges the service registers (pool use, snapshot age,
// rows imported). Thread-safe; cheap enough to update on every call.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace foi {

class CallMetrics {
 public:
  // One finished call: `method` as gRPC names it ("/foi.v1.StatsService/CompareForces"),
  // `code` the status code's name ("OK", "INVALID_ARGUMENT").
  void RecordCall(absl::string_view method, absl::string_view code, absl::Duration latency);

  // A counter the service increments itself.
  void AddToCounter(absl::string_view name, absl::string_view help, double delta);

  // A gauge read when metrics are scraped.
  void RegisterGauge(std::string name, std::string help, std::function<double()> read);

  // Everything, in the Prometheus text exposition format.
  std::string Render() const;

 private:
  struct Histogram {
    std::vector<uint64_t> buckets;  // cumulative counts are computed when rendering
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  struct Gauge {
    std::string name, help;
    std::function<double()> read;
  };

  mutable absl::Mutex mutex_;
  std::map<std::pair<std::string, std::string>, Histogram> calls_ ABSL_GUARDED_BY(mutex_);
  std::map<std::string, std::pair<std::string, double>> counters_ ABSL_GUARDED_BY(mutex_);
  std::vector<Gauge> gauges_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace foi
