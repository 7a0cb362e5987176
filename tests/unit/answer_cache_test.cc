#include "stats-service/src/answer_cache.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/time/clock.h"

namespace foi::stats {
namespace {

std::shared_ptr<const FiguresSnapshot> Snapshot(int64_t data_version) {
  return std::make_shared<const FiguresSnapshot>(FiguresSnapshot::Returns{}, data_version,
                                                 absl::Now());
}

std::string Text(const grpc::Slice& slice) {
  return std::string(reinterpret_cast<const char*>(slice.begin()), slice.size());
}

TEST(AnswerCache, GivesBackTheAnswerToTheSameRequestOfTheSameSnapshot) {
  AnswerCache cache(1 << 20);
  const auto snapshot = Snapshot(7);
  EXPECT_FALSE(cache.Find(snapshot, "question").has_value());
  cache.Insert(snapshot, "question", grpc::Slice(std::string("answer")));
  const std::optional<grpc::Slice> found = cache.Find(snapshot, "question");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(Text(*found), "answer");
  EXPECT_FALSE(cache.Find(snapshot, "another question").has_value());
  EXPECT_FALSE(cache.Find(snapshot, std::string("question\0", 9)).has_value());
}

TEST(AnswerCache, ANewerSnapshotDropsEveryAnswerOfTheOldOne) {
  AnswerCache cache(1 << 20);
  const auto old_snapshot = Snapshot(7);
  cache.Find(old_snapshot, "question");
  cache.Insert(old_snapshot, "question", grpc::Slice(std::string("old answer")));
  const auto new_snapshot = Snapshot(8);
  EXPECT_FALSE(cache.Find(new_snapshot, "question").has_value());
  EXPECT_EQ(cache.size(), 0u);
  // A caller that read the old snapshot before the switch cannot put its answer back...
  cache.Insert(old_snapshot, "question", grpc::Slice(std::string("old answer")));
  EXPECT_FALSE(cache.Find(new_snapshot, "question").has_value());
  // ...nor have the cache switch back to it.
  EXPECT_FALSE(cache.Find(old_snapshot, "question").has_value());
  cache.Insert(new_snapshot, "question", grpc::Slice(std::string("new answer")));
  EXPECT_EQ(Text(*cache.Find(new_snapshot, "question")), "new answer");
}

TEST(AnswerCache, AReloadOfTheSameVersionIsAnotherSnapshot) {
  // A full reload may bring the same data version with a later as_of: answers name both.
  AnswerCache cache(1 << 20);
  const auto first = Snapshot(7);
  cache.Find(first, "question");
  cache.Insert(first, "question", grpc::Slice(std::string("as of the first load")));
  const auto reloaded = Snapshot(7);
  EXPECT_FALSE(cache.Find(reloaded, "question").has_value());
}

TEST(AnswerCache, AReplacedSnapshotIsNotKeptAlive) {
  AnswerCache cache(1 << 20);
  auto snapshot = Snapshot(7);
  std::weak_ptr<const FiguresSnapshot> watch = snapshot;
  cache.Find(snapshot, "question");
  cache.Insert(snapshot, "question", grpc::Slice(std::string("answer")));
  snapshot.reset();
  EXPECT_TRUE(watch.expired());
  // And a later snapshot, even at a lower version (a restarted database), is served afresh.
  const auto later = Snapshot(3);
  EXPECT_FALSE(cache.Find(later, "question").has_value());
  cache.Insert(later, "question", grpc::Slice(std::string("later answer")));
  EXPECT_EQ(Text(*cache.Find(later, "question")), "later answer");
}

TEST(AnswerCache, StaysWithinItsBudget) {
  AnswerCache cache(100);
  const auto snapshot = Snapshot(1);
  cache.Find(snapshot, "q");
  cache.Insert(snapshot, "too big", grpc::Slice(std::string(200, 'x')));
  EXPECT_EQ(cache.size(), 0u);
  for (int i = 0; i < 10; ++i) {
    cache.Insert(snapshot, "q" + std::to_string(i), grpc::Slice(std::string(30, 'x')));
    EXPECT_LE(cache.bytes(), 100u);
  }
  EXPECT_GT(cache.size(), 0u);
  EXPECT_TRUE(cache.Find(snapshot, "q9").has_value());
}

TEST(AnswerCache, KeepsNoAnswerToAPaddedRequest) {
  AnswerCache cache(1 << 20);
  const auto snapshot = Snapshot(1);
  cache.Find(snapshot, "q");
  const std::string padded(kMaxCachedRequestBytes + 1, 'x');
  cache.Insert(snapshot, padded, grpc::Slice(std::string("answer")));
  EXPECT_FALSE(cache.Find(snapshot, padded).has_value());
  EXPECT_EQ(cache.bytes(), 0u);
}

}  // namespace
}  // namespace foi::stats
