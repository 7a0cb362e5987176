#include "stats-service/src/snapshot_refresher.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/uuid.h"
#include "stats-service/src/snapshot_loader.h"

namespace foi::stats {
namespace {

constexpr char kChannel[] = "foi_returns_changed";

// Collects the return ids that notices name ("id,id,..." or "*" for all).
template <typename Pending>
class ChangeReceiver final : public pqxx::notification_receiver {
 public:
  ChangeReceiver(pqxx::connection_base& connection, Pending& pending)
      : pqxx::notification_receiver(connection, kChannel), pending_(pending) {}
  void operator()(const std::string& payload, int) override {
    if (payload == "*" || pending_.return_ids.size() >= kMaxPendingIds) {
      pending_.everything = true;
      return;
    }
    // Only ids: any role may NOTIFY on any channel, and one word that is no UUID would fail
    // every reload of changes that carried it, for good.
    for (absl::string_view id : absl::StrSplit(payload, ',', absl::SkipEmpty())) {
      if (IsUuid(id)) pending_.return_ids.emplace(id);
    }
  }

 private:
  // Past this many changed returns a full reload is due whatever the snapshot holds, and the
  // set stops growing (about 10 MiB of ids; reloads come at least every second, so only a
  // long one with writers busy beside it gathers this many).
  static constexpr size_t kMaxPendingIds = 100'000;
  Pending& pending_;
};

}  // namespace

bool ReloadEverything(size_t changed, size_t held) {
  constexpr size_t kAlwaysByChanges = 1000;
  return changed > std::max(kAlwaysByChanges, held / 4);
}

std::chrono::steady_clock::duration ReloadInterval(std::chrono::steady_clock::duration took) {
  return std::clamp<std::chrono::steady_clock::duration>(took * kReloadIntervalPerReloadTime,
                                                         kMinReloadInterval, kMaxReloadInterval);
}

SnapshotRefresher::SnapshotRefresher(std::string connection_string, db::ConnectionPool& pool,
                                     SnapshotHolder& holder)
    : connection_string_(std::move(connection_string)), pool_(pool), holder_(holder) {}

SnapshotRefresher::~SnapshotRefresher() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void SnapshotRefresher::Start() {
  thread_ = std::thread([this] { Run(); });
}

// Reads again what `pending` asks for, and clears it; a failure leaves it to be retried after
// `backoff`. Returns whether it read everything.
bool SnapshotRefresher::Refresh(Pending& pending, std::chrono::milliseconds backoff) {
  if (pending.empty()) return false;
  const std::shared_ptr<const FiguresSnapshot> current = holder_.Get();
  const bool everything = pending.everything || current == nullptr ||
                          ReloadEverything(pending.return_ids.size(), current->size());
  const auto started = std::chrono::steady_clock::now();
  absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> snapshot =
      everything ? LoadSnapshot(pool_, current.get())
                 : LoadChanges(pool_, *current, pending.return_ids);
  if (snapshot.ok()) {
    // A full reload is logged with how long it took (bench/scale reads it); a reload of changes
    // is not, as under a stream of writes there are ten a second.
    if (everything) {
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
      LogInfo("snapshot loaded", {{"returns", absl::StrCat((*snapshot)->size())},
                                  {"seconds", absl::StrFormat("%.3f", took.count())}});
    }
    holder_.Set(*std::move(snapshot));
    pending = Pending();
    return everything;
  }
  LogWarning("snapshot reload failed", {{"error", std::string(snapshot.status().message())}});
  std::this_thread::sleep_for(backoff);
  return everything;
}

void SnapshotRefresher::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_) {
    try {
      pqxx::connection connection(connection_string_);
      Pending pending{.everything = true};  // (re)connected: notices may have been missed
      // A streaming replica cannot LISTEN (notices are not replicated): there, watch the
      // replayed log position instead, and reload when it moves.
      if (pqxx::nontransaction(connection).exec1("SELECT pg_is_in_recovery()")[0].as<bool>()) {
        std::string replayed;
        while (!stopping_) {
          const std::string now = pqxx::nontransaction(connection)
                                      .exec1("SELECT pg_last_wal_replay_lsn()::text")[0]
                                      .as<std::string>();
          if (now != replayed) {
            replayed = now;
            pending.everything = true;
          }
          Refresh(pending, backoff);
          std::this_thread::sleep_for(kReplicaPollInterval);
        }
        break;
      }
      ChangeReceiver<Pending> receiver(connection, pending);
      backoff = std::chrono::milliseconds(200);
      auto last_reload = std::chrono::steady_clock::time_point();
      std::chrono::steady_clock::duration interval = kMinReloadInterval;
      while (!stopping_) {
        // Drain every notice that is waiting, then reload once: a burst of writes costs one
        // reload, not one each, and reloads come no closer than ReloadInterval.
        while (connection.get_notifs() > 0) {
        }
        if (!pending.empty() && std::chrono::steady_clock::now() - last_reload >= interval) {
          const auto started = std::chrono::steady_clock::now();
          const bool full = Refresh(pending, backoff);
          last_reload = std::chrono::steady_clock::now();
          interval = ReloadInterval(full ? std::chrono::steady_clock::duration::zero()
                                         : last_reload - started);
        }
        // Until the next notice, or until a reload held back is due.
        const auto wait = pending.empty()
                              ? std::chrono::microseconds(200'000)
                              : std::chrono::duration_cast<std::chrono::microseconds>(
                                    last_reload + interval - std::chrono::steady_clock::now());
        connection.await_notification(0, std::max<long>(0, wait.count()));
      }
    } catch (const std::exception& error) {
      LogWarning("change listener lost its connection; reconnecting", {{"error", error.what()}});
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
    }
  }
}

}  // namespace foi::stats
