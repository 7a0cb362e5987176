#include "stats-service/src/snapshot_refresher.h"

#include <pqxx/pqxx>

#include <algorithm>
#include <chrono>

#include "common/log.h"
#include "stats-service/src/snapshot_loader.h"

namespace foi::stats {
namespace {

constexpr char kChannel[] = "foi_returns_changed";

class ChangeReceiver final : public pqxx::notification_receiver {
 public:
  ChangeReceiver(pqxx::connection_base& connection, bool& changed)
      : pqxx::notification_receiver(connection, kChannel), changed_(changed) {}
  void operator()(const std::string&, int) override { changed_ = true; }

 private:
  bool& changed_;
};

}  // namespace

SnapshotRefresher::SnapshotRefresher(std::string connection_string, db::ConnectionPool& pool,
                                     SnapshotHolder& holder)
    : connection_string_(std::move(connection_string)), pool_(pool), holder_(holder) {}

SnapshotRefresher::~SnapshotRefresher() {
  stopping_ = true;
  if (thread_.joinable()) thread_.join();
}

void SnapshotRefresher::Start() { thread_ = std::thread([this] { Run(); }); }

// Reloads whenever `changed` says so, retrying failed reloads after `backoff`.
void SnapshotRefresher::ReloadIf(bool& changed, std::chrono::milliseconds backoff) {
  if (!changed) return;
  changed = false;
  absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> snapshot = LoadSnapshot(pool_);
  if (snapshot.ok()) {
    holder_.Set(*std::move(snapshot));
    return;
  }
  LogWarning("snapshot reload failed", {{"error", std::string(snapshot.status().message())}});
  changed = true;
  std::this_thread::sleep_for(backoff);
}

void SnapshotRefresher::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_) {
    try {
      pqxx::connection connection(connection_string_);
      bool changed = true;  // (re)connected: notices may have been missed, so reload
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
            changed = true;
          }
          ReloadIf(changed, backoff);
          std::this_thread::sleep_for(kReplicaPollInterval);
        }
        break;
      }
      ChangeReceiver receiver(connection, changed);
      backoff = std::chrono::milliseconds(200);
      while (!stopping_) {
        // Drain every notice that is waiting, then reload once: a burst of writes costs one
        // reload, not one each.
        while (connection.get_notifs() > 0) {
        }
        ReloadIf(changed, backoff);
        connection.await_notification(0, 200'000);
      }
    } catch (const std::exception& error) {
      LogWarning("change listener lost its connection; reconnecting",
                 {{"error", error.what()}});
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10'000));
    }
  }
}

}  // namespace foi::stats
