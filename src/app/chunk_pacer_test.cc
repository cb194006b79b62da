#include "app/chunk_pacer.h"

#include <gtest/gtest.h>

namespace cistern {
namespace {

// Counts the pauses; nothing else of a store is used.
class PauseCounter final : public Store {
 public:
  Result<std::unique_ptr<Transaction>> Begin(TransactionMode) override {
    return Error::Internal("UNUSED", "not used by ChunkPacer");
  }
  Status Ping() override { return OkStatus(); }
  void LetOthersWrite() override { ++pauses; }
  int pauses = 0;
};

WriteStamp Stamp(std::uint64_t sequence, std::int64_t data_version = 7) {
  WriteStamp stamp;
  stamp.sequence = sequence;
  stamp.data_version = data_version;
  stamp.alone = true;
  return stamp;
}

TEST(ChunkPacerTest, AloneOnTheDatabaseItPausesAfterEveryFourthChunk) {
  PauseCounter store;
  ChunkPacer pacer(store);
  std::vector<int> pauses_after;
  for (std::uint64_t chunk = 1; chunk <= 12; ++chunk) {
    pacer.Began(Stamp(chunk));
    pacer.Committed();
    pauses_after.push_back(store.pauses);
  }
  EXPECT_EQ(pauses_after, (std::vector<int>{0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3}));
}

TEST(ChunkPacerTest, OnceAnotherWriterGotInItPausesAfterEveryChunk) {
  PauseCounter store;
  ChunkPacer pacer(store);
  pacer.Began(Stamp(1));
  pacer.Committed();
  pacer.Began(Stamp(3));  // a write transaction of someone else's began in between
  pacer.Committed();
  EXPECT_EQ(store.pauses, 1);
  for (std::uint64_t chunk = 4; chunk <= 6; ++chunk) {
    pacer.Began(Stamp(chunk));
    pacer.Committed();
  }
  EXPECT_EQ(store.pauses, 4);
}

TEST(ChunkPacerTest, AnotherProcessWritingCountsToo) {
  PauseCounter store;
  ChunkPacer pacer(store);
  pacer.Began(Stamp(1, 7));
  pacer.Committed();
  pacer.Began(Stamp(2, 8));  // SQLite's data_version moved: another connection committed
  pacer.Committed();
  EXPECT_EQ(store.pauses, 1);
}

}  // namespace
}  // namespace cistern
