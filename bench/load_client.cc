// foi-load: drives one gRPC method of a running service from many concurrent clients and
// reports throughput and latency percentiles, for bench/run and bench/scale.
//
//   foi-load --target=127.0.0.1:50052 --method=compare --clients=16 --seconds=10 [--rate=N]
//   foi-load --target=127.0.0.1:50052 --method=breakdown --force=lancashire --offence=stalking
//     --period_start=2019-01-01 --period_end=2019-12-31  (one command)
//
// Methods: submit (distinct 20-line returns), compare (CompareForces), breakdown
// (GetForceBreakdown of --force), health (Health/Check, the no-op reference on the same server).
// --rate paces the total calls per second.
//
// Replies are taken as bytes and not parsed, as h2load would: the client shares the machine
// with the server, and parsing a comparison of tens of kilobytes (or a submitted return echoed
// back) here would take CPU from the server being measured. (The first reply of each client is
// parsed, to check it, and its size is reported as reply_bytes.)
#include <grpcpp/alarm.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "common/iso_date.h"
#include "foi/v1/ingest_service.pb.h"
#include "foi/v1/stats_service.pb.h"
#include "grpc/health/v1/health.pb.h"

ABSL_FLAG(std::string, target, "127.0.0.1:50052", "host:port");
ABSL_FLAG(std::string, method, "health", "submit, compare, breakdown or health");
ABSL_FLAG(int, clients, 16, "concurrent clients, each with its own channel");
ABSL_FLAG(int, seconds, 10, "how long to run");
ABSL_FLAG(int, threads, 2,
          "threads that drive the clients' calls, each polling a completion queue of its own");
ABSL_FLAG(double, rate, 0, "total calls per second to aim at; 0: as fast as possible");
ABSL_FLAG(std::string, offence, "disclosing-private-sexual-images",
          "compare/breakdown/submit: offence");
ABSL_FLAG(std::string, force, "lancashire", "breakdown: the force");
ABSL_FLAG(std::string, period_start, "2014-01-01", "compare/breakdown: first day of the window");
ABSL_FLAG(std::string, period_end, "2023-12-31", "compare/breakdown: last day of the window");
ABSL_FLAG(bool, allow_partial_periods, false,
          "compare/breakdown: count returns that overlap the window, not only those inside it");
ABSL_FLAG(std::string, view, "full", "compare: full (with the returns behind each row) or basic");
ABSL_FLAG(int, min_rows, 0,
          "compare: fewest rows a comparison must have; breakdown: fewest returns it must count "
          "(the run fails otherwise)");
ABSL_FLAG(int, first_slot, 0, "submit: first slot, so runs never overlap earlier ones");
ABSL_FLAG(std::string, first_day, "2015-04-13",
          "submit: the day of slot 0 (on or after the offence began)");

namespace {

// The forces a benchmark return can be for (England and Wales).
constexpr const char* kForces[] = {"avon-and-somerset",
                                   "bedfordshire",
                                   "cambridgeshire",
                                   "cheshire",
                                   "city-of-london",
                                   "cleveland",
                                   "cumbria",
                                   "derbyshire",
                                   "devon-and-cornwall",
                                   "dorset",
                                   "durham",
                                   "essex",
                                   "gloucestershire",
                                   "greater-manchester",
                                   "hampshire",
                                   "hertfordshire",
                                   "humberside",
                                   "kent",
                                   "lancashire",
                                   "leicestershire",
                                   "lincolnshire",
                                   "merseyside",
                                   "metropolitan",
                                   "norfolk",
                                   "north-yorkshire",
                                   "northamptonshire",
                                   "northumbria",
                                   "nottinghamshire",
                                   "south-yorkshire",
                                   "staffordshire",
                                   "suffolk",
                                   "surrey",
                                   "sussex",
                                   "thames-valley",
                                   "warwickshire",
                                   "west-mercia",
                                   "west-midlands",
                                   "west-yorkshire",
                                   "wiltshire",
                                   "dyfed-powys",
                                   "gwent",
                                   "north-wales",
                                   "south-wales"};
constexpr int kForceCount = sizeof(kForces) / sizeof(kForces[0]);
// Outcome types for the 20 lines: one type each.
constexpr const char* kTypes[] = {"1",  "1A", "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",
                                  "10", "11", "12", "13", "14", "15", "16", "17", "18", "21"};

// A return of `slot`: its own force and day, so no two overlap.
foi::v1::SubmitReturnRequest SubmitRequest(int64_t slot, const std::string& offence,
                                           absl::CivilDay first_day) {
  foi::v1::SubmitReturnRequest request;
  foi::v1::FoiReturn* r = request.mutable_foi_return();
  r->set_force_id(kForces[slot % kForceCount]);
  r->set_offence_id(offence);
  const std::string day = foi::FormatIsoDate(first_day + slot / kForceCount);
  r->set_period_start(day);
  r->set_period_end(day);
  r->set_foi_reference(absl::StrFormat("BENCH-%d", slot));
  r->set_total_reports(60);
  r->set_not_yet_assigned(0);
  for (const char* type : kTypes) {
    foi::v1::ReturnLine* line = r->add_lines();
    line->add_outcome_types(type);
    line->set_count(3);
  }
  return request;
}

// Parses one reply: a comparison must have a row per force (a breakdown, its returns), else the
// service is not yet serving the data and the run would measure an empty answer.
grpc::Status CheckReply(const std::string& method, const grpc::ByteBuffer& reply) {
  std::vector<grpc::Slice> slices;
  if (!reply.Dump(&slices).ok()) return {grpc::StatusCode::INTERNAL, "unreadable reply"};
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (method == "breakdown") {
    foi::v1::GetForceBreakdownResponse breakdown;
    if (!breakdown.ParseFromString(bytes)) return {grpc::StatusCode::INTERNAL, "bad reply"};
    if (breakdown.returns_size() < absl::GetFlag(FLAGS_min_rows)) {
      return {grpc::StatusCode::FAILED_PRECONDITION,
              absl::StrFormat("the breakdown counts %d returns, fewer than --min_rows=%d",
                              breakdown.returns_size(), absl::GetFlag(FLAGS_min_rows))};
    }
    return grpc::Status::OK;
  }
  if (method == "submit") {
    foi::v1::SubmitReturnResponse submitted;
    if (!submitted.ParseFromString(bytes) || submitted.foi_return().return_id().empty()) {
      return {grpc::StatusCode::INTERNAL, "bad reply"};
    }
    return grpc::Status::OK;
  }
  if (method != "compare") {
    grpc::health::v1::HealthCheckResponse health;
    return health.ParseFromString(bytes) ? grpc::Status::OK
                                         : grpc::Status(grpc::StatusCode::INTERNAL, "bad reply");
  }
  foi::v1::CompareForcesResponse comparison;
  if (!comparison.ParseFromString(bytes)) return {grpc::StatusCode::INTERNAL, "bad reply"};
  if (comparison.rows_size() < absl::GetFlag(FLAGS_min_rows)) {
    return {grpc::StatusCode::FAILED_PRECONDITION,
            absl::StrFormat("the comparison has %d rows, fewer than --min_rows=%d",
                            comparison.rows_size(), absl::GetFlag(FLAGS_min_rows))};
  }
  return grpc::Status::OK;
}

// One client: its own channel (a connection of its own), one call in flight at a time.
struct Client {
  enum Kind { kCallDone, kAlarmRang };
  struct Tag {
    Client* client;
    Kind kind;
  };

  std::unique_ptr<grpc::GenericStub> stub;
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> reader;
  grpc::ByteBuffer response;
  grpc::Status status;
  grpc::Alarm alarm;
  std::chrono::steady_clock::time_point call_start;
  std::chrono::steady_clock::time_point due;
  bool checked = false;
  std::vector<double> latencies;
  Tag call_done{this, kCallDone};
  Tag alarm_rang{this, kAlarmRang};
};

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  // As in the services: Debian's Abseil checks every mutex acquisition (gRPC's own locks among
  // them) against a graph of lock orders, a debugging aid that costs the client on every call.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const std::string target = absl::GetFlag(FLAGS_target);
  const std::string method = absl::GetFlag(FLAGS_method);
  const int clients = absl::GetFlag(FLAGS_clients);
  const int thread_count = std::clamp(absl::GetFlag(FLAGS_threads), 1, clients);
  const double rate = absl::GetFlag(FLAGS_rate);
  const char* key = std::getenv("FOI_API_KEY");
  const std::string authorization = key == nullptr ? "" : std::string("Bearer ") + key;
  const auto end =
      std::chrono::steady_clock::now() + std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  std::atomic<int64_t> next_slot{absl::GetFlag(FLAGS_first_slot)};
  const absl::CivilDay first_day =
      foi::ParseIsoDate(absl::GetFlag(FLAGS_first_day)).value_or(absl::CivilDay(2015, 4, 13));
  std::atomic<int64_t> failures{0};
  std::atomic<size_t> reply_bytes{0};  // of a read method's reply

  foi::v1::CompareForcesRequest compare;
  compare.set_offence_id(absl::GetFlag(FLAGS_offence));
  compare.set_period_start(absl::GetFlag(FLAGS_period_start));
  compare.set_period_end(absl::GetFlag(FLAGS_period_end));
  compare.set_outcome_group("no-further-action");
  compare.set_allow_partial_periods(absl::GetFlag(FLAGS_allow_partial_periods));
  compare.set_view(absl::GetFlag(FLAGS_view) == "basic" ? foi::v1::COMPARISON_VIEW_BASIC
                                                        : foi::v1::COMPARISON_VIEW_FULL);
  foi::v1::GetForceBreakdownRequest breakdown;
  breakdown.set_force_id(absl::GetFlag(FLAGS_force));
  breakdown.set_offence_id(compare.offence_id());
  breakdown.set_period_start(compare.period_start());
  breakdown.set_period_end(compare.period_end());
  breakdown.set_allow_partial_periods(compare.allow_partial_periods());
  // The read methods' requests, serialized once; a submission is made for each call.
  std::string method_path = "/grpc.health.v1.Health/Check";
  std::string read_bytes = grpc::health::v1::HealthCheckRequest().SerializeAsString();
  if (method == "compare") {
    method_path = "/foi.v1.StatsService/CompareForces";
    read_bytes = compare.SerializeAsString();
  } else if (method == "breakdown") {
    method_path = "/foi.v1.StatsService/GetForceBreakdown";
    read_bytes = breakdown.SerializeAsString();
  } else if (method == "submit") {
    method_path = "/foi.v1.IngestService/SubmitReturn";
  }
  grpc::Slice read_slice(read_bytes);
  const grpc::ByteBuffer read_request(&read_slice, 1);
  const auto interval = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(rate > 0 ? clients / rate : 0));

  std::vector<std::unique_ptr<Client>> all_clients;
  for (int c = 0; c < clients; ++c) {
    auto client = std::make_unique<Client>();
    grpc::ChannelArguments arguments;
    arguments.SetInt("grpc.channel_id", c);  // a connection per client, not one shared
    // A client as lean as pgbench's: it never retries (a failure is counted), so no retry
    // filter buffering each request in case it must be sent again.
    arguments.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
    client->stub = std::make_unique<grpc::GenericStub>(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), arguments));
    all_clients.push_back(std::move(client));
  }

  // Each thread drives its share of the clients through a completion queue of its own, which it
  // polls itself: the replies are read, and the next calls sent, on that thread, with no hand-off
  // between threads for each call (as pgbench's -j threads each drive their connections).
  std::vector<std::thread> threads;
  const auto started = std::chrono::steady_clock::now();
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      grpc::CompletionQueue queue;
      auto start_call = [&](Client& client) {
        client.context = std::make_unique<grpc::ClientContext>();
        if (!authorization.empty()) client.context->AddMetadata("authorization", authorization);
        client.call_start = std::chrono::steady_clock::now();
        grpc::ByteBuffer submission;
        if (method == "submit") {
          grpc::Slice bytes(
              SubmitRequest(next_slot++, compare.offence_id(), first_day).SerializeAsString());
          submission = grpc::ByteBuffer(&bytes, 1);
        }
        client.reader =
            client.stub->PrepareUnaryCall(client.context.get(), method_path,
                                          method == "submit" ? submission : read_request, &queue);
        client.reader->StartCall();
        client.reader->Finish(&client.response, &client.status, &client.call_done);
      };
      // Starts the client's next call now, or at its turn when the calls are paced.
      auto next_call = [&](Client& client) {
        if (rate <= 0) return start_call(client);
        const auto due = client.due;
        client.due += interval;
        if (due <= std::chrono::steady_clock::now()) return start_call(client);
        client.alarm.Set(
            &queue, std::chrono::system_clock::now() + (due - std::chrono::steady_clock::now()),
            &client.alarm_rang);
      };
      int running = 0;
      for (int c = t; c < clients; c += thread_count) {
        all_clients[c]->due = std::chrono::steady_clock::now();
        next_call(*all_clients[c]);
        ++running;
      }
      void* tag = nullptr;
      bool ok = false;
      while (running > 0 && queue.Next(&tag, &ok)) {
        const auto* which = static_cast<const Client::Tag*>(tag);
        Client& client = *which->client;
        if (which->kind == Client::kAlarmRang) {
          start_call(client);
          continue;
        }
        grpc::Status status = client.status;
        if (status.ok() && !client.checked) {
          status = CheckReply(method, client.response);
          reply_bytes = client.response.Length();
          client.checked = true;
        }
        const auto now = std::chrono::steady_clock::now();
        if (status.ok()) {
          client.latencies.push_back(
              std::chrono::duration<double, std::milli>(now - client.call_start).count());
        } else if (failures++ == 0) {
          std::fprintf(stderr, "first failure: %s\n", status.error_message().c_str());
        }
        client.response.Clear();
        if (now < end) {
          next_call(client);
        } else {
          --running;
        }
      }
      // Every call has finished; its context goes before the queue it reported to.
      for (int c = t; c < clients; c += thread_count) {
        all_clients[c]->reader.reset();
        all_clients[c]->context.reset();
      }
      queue.Shutdown();
      while (queue.Next(&tag, &ok)) {
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::vector<double> all;
  for (const auto& client : all_clients)
    all.insert(all.end(), client->latencies.begin(), client->latencies.end());
  std::sort(all.begin(), all.end());
  auto percentile = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf(
      "method=%s clients=%d calls=%zu failures=%lld next_slot=%lld calls_per_s=%.1f "
      "p50_ms=%.3f p99_ms=%.3f reply_bytes=%zu\n",
      method.c_str(), clients, all.size(), static_cast<long long>(failures.load()),
      static_cast<long long>(next_slot.load()), all.size() / elapsed, percentile(0.50),
      percentile(0.99), reply_bytes.load());
  return failures > 0 ? 1 : 0;
}
