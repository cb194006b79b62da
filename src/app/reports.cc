#include "app/reports.h"

#include "app/ledger_common.h"
#include "app/payment_view.h"

namespace cistern {
namespace {

constexpr int kReportRangeDaysMax = 366;

Status CheckRange(Date from, Date to) {
  if (to < from) {
    return Error::InvalidArgument("to", "RANGE_INVALID", "The end date is before the start.");
  }
  if (DaysBetween(from, to) > kReportRangeDaysMax) {
    return Error::InvalidArgument("to", "RANGE_TOO_LONG", "A report covers at most one year.");
  }
  return OkStatus();
}

// Collects every page of a paged list (registers are bounded by their date range).
template <typename T, typename Fetch>
Result<std::vector<T>> AllPages(Fetch fetch) {
  std::vector<T> items;
  PageRequest page;
  page.page_size = kPageSizeMax;
  while (true) {
    auto result = fetch(page);
    if (!result.ok()) return result.error();
    for (auto& item : result->items) items.push_back(std::move(item));
    if (!result->next_after) break;
    page.after = *result->next_after;
  }
  return items;
}

}  // namespace

Result<DailyCashReport> GetDailyCashReport(const AppContext& context, const Caller& caller,
                                           Date business_date) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  const Chart& chart = context.finance.chart;
  DailyCashReport report;
  report.business_date = business_date;
  CISTERN_ASSIGN_OR_RETURN(report.by_user, transaction->payments().TotalsForDate(business_date));
  for (const auto& total : report.by_user) {
    report.by_tender.Add(total.tender, total.amount, total.count);
    report.payments_total += total.amount;
  }
  CISTERN_ASSIGN_OR_RETURN(report.by_gl,
                           transaction->ledger().Totals(business_date, business_date));
  for (const GlTotal& total : report.by_gl) {
    const GlAccount* gl = chart.Find(total.gl_code);
    if (gl != nullptr && gl->kind == GlKind::kCash) {
      report.cash_gl_net += total.debits + total.credits;
      report.reversals -= total.credits;  // cash goes out of the bank only through reversals
    }
  }
  report.balanced = report.payments_total - report.reversals == report.cash_gl_net;
  CISTERN_ASSIGN_OR_RETURN(std::vector<Drawer> drawers,
                           transaction->drawers().ForDate(business_date));
  for (Drawer& drawer : drawers) {
    CISTERN_ASSIGN_OR_RETURN(DrawerView view, LoadDrawerView(*transaction, std::move(drawer)));
    report.drawers.push_back(std::move(view));
  }
  CISTERN_ASSIGN_OR_RETURN(report.day_closed, transaction->drawers().DayClosed(business_date));
  return report;
}

Result<std::vector<JournalEntry>> GetJournal(const AppContext& context, const Caller& caller,
                                             Date from, Date to) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_RETURN_IF_ERROR(CheckRange(from, to));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  CISTERN_ASSIGN_OR_RETURN(
      auto entries, transaction->ledger().EntriesBetween(from, to, kJournalReportEntriesMax + 1));
  if (static_cast<int>(entries.size()) > kJournalReportEntriesMax) {
    return Error::InvalidArgument("to", "REPORT_TOO_LARGE",
                                  "More than 20,000 entries: choose a shorter range.");
  }
  return entries;
}

Result<AgedReceivables> GetAgedReceivables(const AppContext& context, const Caller& caller,
                                           Date as_of) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  const Chart& chart = context.finance.chart;
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  AgedReceivables report;
  report.as_of = as_of;
  CISTERN_RETURN_IF_ERROR(transaction->ledger().ForEachAccountPosition(
      ReceivableGlCodes(chart), as_of, [&](AccountId, const PositionLines& position) {
        std::vector<DatedLine> dated;
        for (const AccountLine& line : position.lines) {
          dated.push_back({line.effective_on, line.fund, line.amount});
        }
        const std::vector<OpenItem> open = OpenItems(dated);
        if (!open.empty()) ++report.accounts;
        for (const OpenItem& item : open) {
          const AgingBuckets aged = Age({item}, as_of);
          AgingBuckets& fund = report.by_fund[item.fund];
          for (auto [into, from] : {std::pair{&fund.current, aged.current},
                                    std::pair{&fund.days_31_60, aged.days_31_60},
                                    std::pair{&fund.days_61_90, aged.days_61_90},
                                    std::pair{&fund.over_90, aged.over_90}}) {
            *into += from;
          }
        }
        return OkStatus();
      }));
  for (const auto& [fund, buckets] : report.by_fund) {
    report.total.current += buckets.current;
    report.total.days_31_60 += buckets.days_31_60;
    report.total.days_61_90 += buckets.days_61_90;
    report.total.over_90 += buckets.over_90;
  }
  CISTERN_ASSIGN_OR_RETURN(auto totals, transaction->ledger().Totals(std::nullopt, as_of));
  for (const GlTotal& total : totals) {
    const GlAccount* gl = chart.Find(total.gl_code);
    if (gl != nullptr && gl->kind == GlKind::kReceivable) {
      report.receivables_control += total.debits + total.credits;
    }
  }
  return report;
}

Result<std::vector<PaymentView>> GetReturnedPayments(const AppContext& context,
                                                     const Caller& caller, Date from, Date to) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_RETURN_IF_ERROR(CheckRange(from, to));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  PaymentFilter filter;
  filter.reversed_only = true;
  // A payment is reversed after it is received, so only its reversal date is filtered here.
  filter.received_to = to;
  CISTERN_ASSIGN_OR_RETURN(std::vector<Payment> payments,
                           AllPages<Payment>([&](const PageRequest& page) {
                             return transaction->payments().List(filter, page);
                           }));
  std::vector<PaymentView> views;
  for (const Payment& payment : payments) {
    const Date reversed_on = context.city_zone.LocalDate(*payment.reversed_at);
    if (reversed_on < from || reversed_on > to) continue;
    CISTERN_ASSIGN_OR_RETURN(PaymentView view,
                             LoadPaymentView(*transaction, context.finance, payment.id));
    views.push_back(std::move(view));
  }
  return views;
}

Result<std::vector<AdjustmentView>> GetAdjustmentsRegister(const AppContext& context,
                                                           const Caller& caller, Date from,
                                                           Date to) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_RETURN_IF_ERROR(CheckRange(from, to));
  return AllPages<AdjustmentView>([&](const PageRequest& page) {
    return ListAdjustments(context, caller, std::nullopt, from, to, page);
  });
}

Result<std::vector<RefundView>> GetRefundRegister(const AppContext& context, const Caller& caller,
                                                  Date from, Date to) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_RETURN_IF_ERROR(CheckRange(from, to));
  return AllPages<RefundView>([&](const PageRequest& page) {
    return ListRefunds(context, caller, ApprovalStatus::kPosted, from, to, page);
  });
}

Result<std::vector<GlTotal>> GetGlActivity(const AppContext& context, const Caller& caller,
                                           Date from, Date to) {
  CISTERN_RETURN_IF_ERROR(Require(caller, Permission::kReadReports));
  CISTERN_RETURN_IF_ERROR(CheckRange(from, to));
  CISTERN_ASSIGN_OR_RETURN(auto transaction, context.store.Begin(TransactionMode::kRead));
  return transaction->ledger().Totals(from, to);
}

}  // namespace cistern
