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

void SnapshotRefresher::Run() {
  auto backoff = std::chrono::milliseconds(200);
  while (!stopping_) {
    try {
      pqxx::connection connection(connection_string_);
      bool changed = true;  // (re)connected: notices may have been missed, so reload
      ChangeReceiver receiver(connection, changed);
      backoff = std::chrono::milliseconds(200);
      while (!stopping_) {
        // Drain every notice that is waiting, then reload once: a burst of writes costs one
        // reload, not one each.
        while (connection.get_notifs() > 0) {
        }
        if (changed) {
          changed = false;
          absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> snapshot = LoadSnapshot(pool_);
          if (snapshot.ok()) {
            holder_.Set(*std::move(snapshot));
          } else {
            LogWarning("snapshot reload failed",
                       {{"error", std::string(snapshot.status().message())}});
            changed = true;
            std::this_thread::sleep_for(backoff);
          }
        }
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
