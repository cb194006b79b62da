#include "domain/ledger/allocation.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <map>
#include <numeric>
#include <string_view>

#include "core/check.h"

namespace cistern {
namespace {

// Aging bucket limits, in whole days since the item was charged (inclusive upper bounds).
constexpr int kCurrentDaysMax = 30;
constexpr int kDays31To60Max = 60;
constexpr int kDays61To90Max = 90;

// The replay state of one fund. At most one of `debits` and `credit` is ever non-empty: a new
// credit is spent on open debits before any of it is kept, and a kept credit absorbs a new debit
// at once, so a fund never owes and holds credit at the same time.
struct FundReplay {
  std::string_view name;
  std::size_t first_seen = 0;    // input index of the fund's first line, to order ties
  std::vector<OpenItem> debits;  // from `paid_up_to` on: still open, oldest first
  std::size_t paid_up_to = 0;    // debits before this index are paid
  Money credit;                  // unspent credit, as a positive amount
  Date last_credit_on;
};

void ReplayDebit(const DatedLine& line, FundReplay& fund) {
  const Money absorbed = std::min(line.amount, fund.credit);
  fund.credit -= absorbed;
  const Money open = line.amount - absorbed;
  if (open > Money()) fund.debits.push_back({line.fund, line.effective_on, open});
}

void ReplayCredit(const DatedLine& line, FundReplay& fund) {
  Money left = -line.amount;
  fund.last_credit_on = line.effective_on;
  while (left > Money() && fund.paid_up_to < fund.debits.size()) {
    OpenItem& oldest = fund.debits[fund.paid_up_to];
    const Money paid = std::min(left, oldest.amount);
    oldest.amount -= paid;
    left -= paid;
    if (oldest.amount.is_zero()) ++fund.paid_up_to;
  }
  fund.credit += left;
}

// Input indexes sorted by date; stable, so lines of the same date keep their input order.
std::vector<std::size_t> ReplayOrder(const std::vector<DatedLine>& lines) {
  std::vector<std::size_t> order(lines.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&lines](std::size_t a, std::size_t b) {
    return lines[a].effective_on < lines[b].effective_on;
  });
  return order;
}

// Where a fund stands in the city's order: its place in `fund_priority`, or after every listed
// fund when it is not listed.
std::size_t PriorityRank(const std::string& fund, const std::vector<std::string>& fund_priority) {
  const auto found = std::find(fund_priority.begin(), fund_priority.end(), fund);
  return static_cast<std::size_t>(found - fund_priority.begin());
}

bool PaidBefore(const OpenItem& a, const OpenItem& b,
                const std::vector<std::string>& fund_priority) {
  if (a.charged_on != b.charged_on) return a.charged_on < b.charged_on;
  const std::size_t rank_a = PriorityRank(a.fund, fund_priority);
  const std::size_t rank_b = PriorityRank(b.fund, fund_priority);
  if (rank_a != rank_b) return rank_a < rank_b;
  // Both unlisted (or the same fund): alphabetical, so the result never depends on input order.
  return a.fund < b.fund;
}

// Adds to the fund's entry, creating it at the end so to_funds keeps allocation order.
void AddToFund(const std::string& fund, Money paid, std::vector<FundAmount>& to_funds) {
  for (FundAmount& existing : to_funds) {
    if (existing.fund == fund) {
      existing.amount += paid;
      return;
    }
  }
  to_funds.push_back({fund, paid});
}

Money& BucketFor(const OpenItem& item, Date as_of, AgingBuckets& buckets) {
  // A credit is available now whatever its date, so it never looks overdue.
  if (item.amount.is_negative()) return buckets.current;
  const int days = DaysBetween(item.charged_on, as_of);
  if (days <= kCurrentDaysMax) return buckets.current;
  if (days <= kDays31To60Max) return buckets.days_31_60;
  if (days <= kDays61To90Max) return buckets.days_61_90;
  return buckets.over_90;
}

}  // namespace

std::vector<OpenItem> OpenItems(const std::vector<DatedLine>& lines) {
  // A city has a handful of funds: a short vector searched in order beats a map here, which
  // every payment and every bill of a run replays (names point into `lines`).
  std::vector<FundReplay> funds;
  std::vector<std::size_t> fund_of(lines.size());
  for (std::size_t line_idx = 0; line_idx < lines.size(); ++line_idx) {
    const std::string_view name = lines[line_idx].fund;
    std::size_t found = 0;
    while (found < funds.size() && funds[found].name != name) ++found;
    if (found == funds.size()) {
      funds.emplace_back();
      funds.back().name = name;
      funds.back().first_seen = line_idx;
    }
    fund_of[line_idx] = found;
  }
  for (std::size_t line_idx : ReplayOrder(lines)) {
    const DatedLine& line = lines[line_idx];
    FundReplay& fund = funds[fund_of[line_idx]];
    if (line.amount > Money()) ReplayDebit(line, fund);
    if (line.amount < Money()) ReplayCredit(line, fund);
  }

  std::vector<OpenItem> open;
  std::vector<std::size_t> first_seen;  // parallel to `open`, to order same-date items
  for (const FundReplay& fund : funds) {
    for (std::size_t debit = fund.paid_up_to; debit < fund.debits.size(); ++debit) {
      open.push_back(fund.debits[debit]);
      first_seen.push_back(fund.first_seen);
    }
    if (fund.credit > Money()) {
      open.push_back({std::string(fund.name), fund.last_credit_on, -fund.credit});
      first_seen.push_back(fund.first_seen);
    }
  }
  // Sort indexes, then gather, so each item keeps its first-seen key while moving.
  std::vector<std::size_t> order(open.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (open[a].charged_on != open[b].charged_on) return open[a].charged_on < open[b].charged_on;
    return first_seen[a] < first_seen[b];
  });
  std::vector<OpenItem> sorted;
  sorted.reserve(open.size());
  for (std::size_t item_idx : order) sorted.push_back(open[item_idx]);
  return sorted;
}

Allocation AllocatePayment(Money amount, const std::vector<OpenItem>& open,
                           const std::vector<std::string>& fund_priority) {
  CISTERN_CHECK(amount > Money(), "a payment to allocate is positive, not " + amount.Format());
  std::vector<OpenItem> owed;
  std::copy_if(open.begin(), open.end(), std::back_inserter(owed),
               [](const OpenItem& item) { return item.amount > Money(); });
  // Stable, so one fund's items of the same date are paid in the order they were given.
  std::stable_sort(owed.begin(), owed.end(),
                   [&fund_priority](const OpenItem& a, const OpenItem& b) {
                     return PaidBefore(a, b, fund_priority);
                   });

  Allocation allocation;
  Money left = amount;
  for (const OpenItem& item : owed) {
    if (left.is_zero()) break;
    const Money paid = std::min(left, item.amount);
    AddToFund(item.fund, paid, allocation.to_funds);
    left -= paid;
  }
  allocation.unapplied = left;
  return allocation;
}

AgingBuckets Age(const std::vector<OpenItem>& open, Date as_of) {
  AgingBuckets buckets;
  for (const OpenItem& item : open) BucketFor(item, as_of, buckets) += item.amount;
  return buckets;
}

}  // namespace cistern
