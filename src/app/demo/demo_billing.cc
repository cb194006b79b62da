#include "app/demo/demo_billing.h"

#include "app/billing.h"
#include "app/demo/demo_metering.h"
#include "app/ledger_common.h"

namespace cistern {

Status RunDemoBilling(const AppContext& context, DemoRandom& random,
                      const std::vector<UserId>& cashiers, Date as_of, int history_months,
                      DemoBillingStats& billing, DemoLedgerStats& ledger) {
  // The office's billing supervisor runs the cycles.
  const Caller supervisor{UserId(), Role::kSupervisor, "Demo billing"};
  std::vector<Cycle> cycles;
  {
    CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
    CISTERN_ASSIGN_OR_RETURN(cycles, transaction->reference().ListCycles());
  }
  const Date history_start = DemoHistoryStart(as_of, history_months);
  using std::chrono::months;
  const std::chrono::year_month first{history_start.year(), history_start.month()};
  const std::chrono::year_month current{as_of.year(), as_of.month()};
  for (std::chrono::year_month month = first; month < current; month += months(1)) {
    const Date period_last{month / std::chrono::last};
    const Date bill_date = AddDays(period_last, 1);
    for (const Cycle& cycle : cycles) {
      RunRequest request;
      request.cycle = cycle.code;
      request.period_last = period_last;
      request.bill_date = bill_date;
      KeptPlans kept;  // the preview's plans, for the posting right after it
      CISTERN_ASSIGN_OR_RETURN(BillingRunView view, CreateRun(context, supervisor, request, &kept));
      CISTERN_RETURN_IF_ERROR(ApproveRun(context, supervisor, view.run.id, &kept));
      CISTERN_ASSIGN_OR_RETURN(PostReport report,
                               PostRun(context, supervisor, view.run.id, {}, &kept));
      ++billing.runs;
      billing.bills += report.posted;

      // Most customers pay within three weeks of the bill; some pay part, a few overpay, a few
      // skip a month.
      BillId after;
      while (true) {
        CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kWrite));
        CISTERN_ASSIGN_OR_RETURN(auto bills,
                                 transaction->billing().BillsOfRun(view.run.id, after, 2000));
        if (bills.empty()) break;
        for (const Bill& bill : bills) {
          after = bill.id;
          const Money owed = bill.total_due;
          if (owed.cents() <= 0 || random.Percent(6)) continue;
          const Date paid_on = AddDays(bill.bill_date, 5 + random.Below(16));
          if (paid_on > as_of) continue;
          Money amount = owed;
          const int draw = random.Below(100);
          if (draw < 8) amount = Money::FromCents(std::max<std::int64_t>(500, owed.cents() / 2));
          if (draw >= 97) amount = Money::FromCents(owed.cents() + 1000);
          CISTERN_RETURN_IF_ERROR(PostDemoPayment(context, *transaction, random, bill.account_id,
                                                  amount, paid_on, cashiers, as_of, ledger));
        }
        CISTERN_RETURN_IF_ERROR(transaction->Commit());
      }
    }
  }
  return OkStatus();
}

}  // namespace cistern
