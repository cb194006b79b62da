// Group commit: many writers at once share COMMITs, and each Commit() returns only when its
// write is committed and visible to every other connection.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "store/sqlite/testing/test_app.h"

namespace cistern {
namespace {

bool CycleVisible(Store& store, const std::string& code) {
  auto transaction = store.Begin(TransactionMode::kRead).value();
  for (const Cycle& cycle : transaction->reference().ListCycles().value()) {
    if (cycle.code == code) return true;
  }
  return false;
}

TEST(GroupCommitTest, EveryCommittedWriteIsVisibleOnAnotherConnectionWhenCommitReturns) {
  test::TestApp app;
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 40;
  std::atomic<int> invisible_after_commit{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int thread = 0; thread < kThreads; ++thread) {
    threads.emplace_back([&, thread] {
      for (int write = 0; write < kWritesPerThread; ++write) {
        const std::string code = std::to_string(thread) + "-" + std::to_string(write);
        auto transaction = app.store().Begin(TransactionMode::kWrite);
        if (!transaction.ok()) {
          ++failures;
          continue;
        }
        if (!(*transaction)->reference().InsertCycle({code, "Cycle " + code}).ok()) ++failures;
        // Every fifth transaction is abandoned: it must leave nothing behind, and must not
        // take its group's other writes with it.
        if (write % 5 == 4) continue;
        if (!(*transaction)->Commit().ok()) ++failures;
        transaction->reset();
        if (!CycleVisible(app.store(), code)) ++invisible_after_commit;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(invisible_after_commit.load(), 0);
  auto transaction = app.store().Begin(TransactionMode::kRead).value();
  const auto cycles = transaction->reference().ListCycles().value();
  EXPECT_EQ(cycles.size(), static_cast<std::size_t>(kThreads * kWritesPerThread * 4 / 5));
  for (const Cycle& cycle : cycles) {
    const int write = std::stoi(cycle.code.substr(cycle.code.find('-') + 1));
    EXPECT_NE(write % 5, 4) << "an abandoned write was kept: " << cycle.code;
  }
}

TEST(GroupCommitTest, AFailedStatementRollsBackOnlyItsOwnTransaction) {
  test::TestApp app;
  {
    auto first = app.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(first->reference().InsertCycle({"1", "Cycle 1"}).ok());
    ASSERT_TRUE(first->Commit().ok());
  }
  ASSERT_TRUE(CycleVisible(app.store(), "1"));
  {
    auto duplicate = app.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(duplicate->reference().InsertCycle({"2", "Cycle 2"}).ok());
    EXPECT_EQ(duplicate->reference().InsertCycle({"1", "Again"}).error().code,
              ErrorCode::kConflict);
    // Abandoned after the failure: cycle 2 must go too.
  }
  ASSERT_TRUE(CycleVisible(app.store(), "1")) << "lost by the abandoned transaction";
  {
    auto next = app.store().Begin(TransactionMode::kWrite).value();
    ASSERT_TRUE(next->reference().InsertCycle({"3", "Cycle 3"}).ok());
    ASSERT_TRUE(next->Commit().ok());
  }
  EXPECT_TRUE(CycleVisible(app.store(), "1"));
  EXPECT_FALSE(CycleVisible(app.store(), "2"));
  EXPECT_TRUE(CycleVisible(app.store(), "3"));
}

}  // namespace
}  // namespace cistern
