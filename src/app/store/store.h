// Store and Transaction: the unit of work every use case runs in.
//
// A use case opens one Transaction, reads and writes through its repositories, and commits. A
// Transaction that is destroyed without Commit() rolls back, so an early return on an error
// leaves nothing half written. Write transactions are serialized by the store; read transactions
// see one consistent snapshot and may run in parallel.
#pragma once

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

enum class TransactionMode { kRead, kWrite };

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
};

class Store {
 public:
  virtual ~Store() = default;
  virtual Result<std::unique_ptr<Transaction>> Begin(TransactionMode mode) = 0;
  // A cheap query that proves the database answers; for the health check.
  virtual Status Ping() = 0;
};

}  // namespace cistern
