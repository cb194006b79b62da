// Builds the PaymentView of a stored payment. Internal to app/.
#pragma once

#include "app/ledger.h"
#include "app/store/store.h"

namespace cistern {

Result<PaymentView> LoadPaymentView(Transaction& transaction, const FinanceSettings& settings,
                                    PaymentId id);

}  // namespace cistern
