// Store and Transaction: the unit of work every use case runs in.
//
// A use case opens one Transaction, reads and writes through its repositories, and commits. A
// Transaction that is destroyed without Commit() rolls back, so an early return on an error
// leaves nothing half written. Write transactions are serialized by the store; read transactions
// see one consistent snapshot and may run in parallel.
#pragma once

#include <cstdint>
#include <memory>

#include "app/store/billing_repositories.h"
#include "app/store/customer_change_repository.h"
#include "app/store/deposit_repository.h"
#include "app/store/ledger_repositories.h"
#include "app/store/letter_repository.h"
#include "app/store/lifecycle_repository.h"
#include "app/store/repositories.h"
#include "app/store/sanitation_repository.h"
#include "app/store/service_order_repository.h"
#include "core/result.h"

namespace cistern {

// kBulkWrite is a write by a bulk job (a billing run's chunk) whose every reference names a row
// the job read itself, in a table whose rows are never deleted (accounts, meters, readings, the
// run, entries it writes): the store may skip checking those references row by row. It is
// otherwise a kWrite. `cistern ledger check` checks every reference afterwards.
enum class TransactionMode { kRead, kWrite, kBulkWrite };

// Where a write transaction stands among the store's writes, taken when it began: two stamps
// tell whether anything but the earlier transaction itself was written between their starts
// (NothingElseWrittenBetween). A store that cannot tell leaves `sequence` 0.
struct WriteStamp {
  std::uint64_t sequence = 0;  // the store's count of write transactions begun, this one included
  std::int64_t data_version =
      0;               // changes by other connections and processes, as SQLite counts them
  bool alone = false;  // began the store's transaction itself, with no one's writes pending
};

// True when, from the start of `earlier` to the start of `later`, the only write transaction
// begun or committed in the database was `earlier` itself (in this process or any other).
inline bool NothingElseWrittenBetween(const WriteStamp& earlier, const WriteStamp& later) {
  return earlier.sequence != 0 && earlier.alone && later.alone &&
         later.sequence == earlier.sequence + 1 && later.data_version == earlier.data_version;
}

class Transaction {
 public:
  virtual ~Transaction() = default;
  virtual CustomerRepository& customers() = 0;
  virtual PremiseRepository& premises() = 0;
  virtual AccountRepository& accounts() = 0;
  virtual NoteRepository& notes() = 0;
  virtual UserRepository& users() = 0;
  virtual SessionRepository& sessions() = 0;
  virtual AuditRepository& audit() = 0;
  virtual AccountSearch& search() = 0;
  virtual ReferenceRepository& reference() = 0;
  virtual LedgerRepository& ledger() = 0;
  virtual PaymentRepository& payments() = 0;
  virtual DrawerRepository& drawers() = 0;
  virtual ApprovalRepository& approvals() = 0;
  virtual IdempotencyRepository& idempotency() = 0;
  virtual MeteringRepository& metering() = 0;
  virtual BillingRepository& billing() = 0;
  virtual LetterRepository& letters() = 0;
  virtual CustomerChangeRepository& customer_changes() = 0;
  virtual ServiceOrderRepository& service_orders() = 0;
  virtual SanitationRepository& sanitation() = 0;
  virtual DepositRepository& deposits() = 0;
  virtual LifecycleRepository& lifecycle() = 0;
  // Makes every write durable. After Commit the transaction may not be used again.
  virtual Status Commit() = 0;
  // A write transaction's stamp (see WriteStamp); a read transaction's says nothing.
  virtual WriteStamp Stamp() const { return {}; }
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;
  // A cheap query that proves the database answers; for the health check.
  virtual Status Ping() = 0;
  // After a bulk write (a billing run), copies the write-ahead log back into the database now if
  // no reader needs it, so that the next write starts the log over: the next process to open
  // the database then reads a short log instead of the whole run's. Best effort: a busy
  // database is left as it is, and nothing is lost either way.
  virtual void SettleLog() {}
  // Between the chunks of a bulk write (a billing run's posting, a payment import): a moment in
  // which writers waiting for the write lock, in this process or another, can take it. Without
  // it the bulk writer took the lock back at once after each chunk, and a payment at the counter
  // waited for the whole run instead of for one chunk. Costs about a millisecond.
  virtual void LetOthersWrite() {}
};

}  // namespace cistern
