// Finance reports: the daily cash report, the journal, the adjustments and refund registers,
// aged receivables, returned payments, and the GL export. Each needs Permission::kReadReports and
// reads one consistent snapshot.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/ledger.h"

namespace cistern {

struct DailyCashReport {
  Date business_date;
  TenderTotals by_tender;  // payments received that day (including any reversed since)
  std::vector<PaymentRepository::UserTenderTotal> by_user;
  std::vector<GlTotal> by_gl;  // every entry effective that day
  Money payments_total;
  Money cash_gl_net;  // the net of cash GL accounts for the day
  Money reversals;    // cash taken back by reversals effective that day
  // payments_total - reversals == cash_gl_net, to the cent: the payment register and the GL
  // agree.
  bool balanced = false;
  std::vector<DrawerView> drawers;
  bool day_closed = false;
};
Result<DailyCashReport> GetDailyCashReport(const AppContext& context, const Caller& caller,
                                           Date business_date);

constexpr int kJournalReportEntriesMax = 20000;
Result<std::vector<JournalEntry>> GetJournal(const AppContext& context, const Caller& caller,
                                             Date from, Date to);

struct AgedReceivables {
  Date as_of;
  std::map<std::string, AgingBuckets> by_fund;
  AgingBuckets total;
  Money receivables_control;  // the receivable GL accounts' balance
  int accounts = 0;           // accounts with something owed or credited
};
Result<AgedReceivables> GetAgedReceivables(const AppContext& context, const Caller& caller,
                                           Date as_of);

// Reversed payments whose reversal is effective in [from, to].
Result<std::vector<PaymentView>> GetReturnedPayments(const AppContext& context,
                                                     const Caller& caller, Date from, Date to);

// Adjustments requested in [from, to] (any status); refunds approved in [from, to].
Result<std::vector<AdjustmentView>> GetAdjustmentsRegister(const AppContext& context,
                                                           const Caller& caller, Date from,
                                                           Date to);
Result<std::vector<RefundView>> GetRefundRegister(const AppContext& context, const Caller& caller,
                                                  Date from, Date to);

// Activity by GL account and fund for entries effective in [from, to].
Result<std::vector<GlTotal>> GetGlActivity(const AppContext& context, const Caller& caller,
                                           Date from, Date to);

}  // namespace cistern
