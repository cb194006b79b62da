// Pacing for bulk writes that commit in chunks: a billing run's posting, a payment import.
// Internal to app/.
#pragma once

#include "app/store/store.h"

namespace cistern {

// Decides, after each chunk's commit, whether to leave the write lock free for a moment
// (Store::LetOthersWrite), so that a writer waiting for it (a payment at the counter, in this
// process or another) gets in between two chunks instead of after the whole job. Once another
// writer has been seen between two chunks, after every chunk; until then after every
// kChunksBetweenPauses-th, so that a first waiter gets in within a few chunks while a job alone
// on the database loses almost nothing (a pause is about a millisecond).
class ChunkPacer {
 public:
  explicit ChunkPacer(Store& store) : store_(store) {}

  // With the stamp of each chunk's write transaction, as it begins.
  void Began(const WriteStamp& stamp) {
    if (previous_.sequence != 0 && !NothingElseWrittenBetween(previous_, stamp)) {
      others_writing_ = true;
    }
    previous_ = stamp;
  }

  // After a chunk's commit, when another chunk follows.
  void Committed() {
    if (others_writing_ || ++chunks_since_pause_ >= kChunksBetweenPauses) {
      store_.LetOthersWrite();
      chunks_since_pause_ = 0;
    }
  }

 private:
  static constexpr int kChunksBetweenPauses = 4;
  Store& store_;
  WriteStamp previous_;
  bool others_writing_ = false;
  int chunks_since_pause_ = 0;
};

}  // namespace cistern
