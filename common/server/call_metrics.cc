#include "common/server/call_metrics.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace foi {
namespace {

// Upper bounds of the latency buckets, in seconds.
constexpr double kBuckets[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
constexpr size_t kBucketCount = sizeof(kBuckets) / sizeof(kBuckets[0]);

std::string Number(double value) { return absl::StrFormat("%.17g", value); }

}  // namespace

void CallMetrics::RecordCall(absl::string_view method, absl::string_view code,
                             absl::Duration latency) {
  const double seconds = absl::ToDoubleSeconds(latency);
  absl::MutexLock lock(&mutex_);
  Histogram& histogram = calls_[{std::string(method), std::string(code)}];
  if (histogram.buckets.empty()) histogram.buckets.assign(kBucketCount, 0);
  for (size_t i = 0; i < kBucketCount; ++i) {
    if (seconds <= kBuckets[i]) {
      ++histogram.buckets[i];
      break;
    }
  }
  ++histogram.count;
  histogram.sum_seconds += seconds;
}

void CallMetrics::AddToCounter(absl::string_view name, absl::string_view help, double delta) {
  absl::MutexLock lock(&mutex_);
  auto& counter = counters_[std::string(name)];
  counter.first = std::string(help);
  counter.second += delta;
}

void CallMetrics::RegisterGauge(std::string name, std::string help, std::function<double()> read) {
  absl::MutexLock lock(&mutex_);
  gauges_.push_back({std::move(name), std::move(help), std::move(read)});
}

std::string CallMetrics::Render() const {
  absl::MutexLock lock(&mutex_);
  std::string out;
  absl::StrAppend(&out, "# HELP foi_grpc_calls_total Finished calls by method and status.\n",
                  "# TYPE foi_grpc_calls_total counter\n");
  for (const auto& [key, histogram] : calls_) {
    absl::StrAppend(&out, "foi_grpc_calls_total{method=\"", key.first, "\",code=\"", key.second,
                    "\"} ", histogram.count, "\n");
  }
  absl::StrAppend(&out,
                  "# HELP foi_grpc_call_duration_seconds Call latency by method and status.\n",
                  "# TYPE foi_grpc_call_duration_seconds histogram\n");
  for (const auto& [key, histogram] : calls_) {
    const std::string labels = absl::StrCat("method=\"", key.first, "\",code=\"", key.second, "\"");
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBucketCount; ++i) {
      cumulative += histogram.buckets[i];
      absl::StrAppend(&out, "foi_grpc_call_duration_seconds_bucket{", labels, ",le=\"",
                      Number(kBuckets[i]), "\"} ", cumulative, "\n");
    }
    absl::StrAppend(&out, "foi_grpc_call_duration_seconds_bucket{", labels, ",le=\"+Inf\"} ",
                    histogram.count, "\n", "foi_grpc_call_duration_seconds_sum{", labels, "} ",
                    Number(histogram.sum_seconds), "\n", "foi_grpc_call_duration_seconds_count{",
                    labels, "} ", histogram.count, "\n");
  }
  for (const auto& [name, counter] : counters_) {
    absl::StrAppend(&out, "# HELP ", name, " ", counter.first, "\n# TYPE ", name, " counter\n",
                    name, " ", Number(counter.second), "\n");
  }
  for (const Gauge& gauge : gauges_) {
    absl::StrAppend(&out, "# HELP ", gauge.name, " ", gauge.help, "\n# TYPE ", gauge.name,
                    " gauge\n", gauge.name, " ", Number(gauge.read()), "\n");
  }
  return out;
}

}  // namespace foi
