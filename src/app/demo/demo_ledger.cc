#include "app/demo/demo_ledger.h"

#include "app/ledger.h"
#include "app/ledger_common.h"
#include "domain/ledger/posting.h"

namespace cistern {
namespace {

// The account's receivable lines and credit as the history is written, so allocation needs no
// queries.
struct Position {
  std::vector<DatedLine> receivable;
  Money credit;  // unapplied, positive

  Money Owed() const {
    Money owed;
    for (const DatedLine& line : receivable) owed += line.amount;
    return owed;
  }
  void Apply(const JournalEntry& entry, AccountId account, const std::string& unapplied_code) {
    for (const EntryLine& line : entry.lines) {
      if (line.account_id != account) continue;
      if (line.gl_code == unapplied_code) {
        credit -= line.amount;
      } else if (!line.fund.empty()) {
        receivable.push_back({entry.effective_on, line.fund, line.amount});
      }
    }
  }
};

// A month of service for a premise, in cents: water by usage, sewer, sanitation carts and a
// stormwater fee (the demo's stand-in until billing runs produce real bills).
std::vector<FundAmount> MonthlyCharges(DemoRandom& random, const Premise& premise) {
  const bool commercial = premise.type == PremiseType::kCommercial ||
                          premise.type == PremiseType::kIndustrial ||
                          premise.type == PremiseType::kInstitutional;
  const int scale = premise.type == PremiseType::kMultiFamily ? premise.unit_count : 1;
  const std::int64_t water = (2500 + random.Below(6000)) * (commercial ? 4 : 1) * scale;
  std::vector<FundAmount> charges = {{"water", Money::FromCents(water)}};
  if (premise.type != PremiseType::kIrrigation) {
    charges.push_back({"sewer", Money::FromCents((2000 + random.Below(2500)) * scale)});
    charges.push_back({"sanitation", Money::FromCents(commercial ? 2900 : 1150 * scale)});
  }
  charges.push_back({"stormwater", Money::FromCents(commercial ? 1200 : 350)});
  return charges;
}

Tender PickTender(DemoRandom& random) {
  const int draw = random.Below(100);
  return draw < 30   ? Tender::kCheck
         : draw < 60 ? Tender::kCard
         : draw < 80 ? Tender::kAch
         : draw < 95 ? Tender::kCash
                     : Tender::kMoneyOrder;
}

}  // namespace

Status WriteDemoMoneyHistory(const AppContext& context, Transaction& transaction,
                             DemoRandom& random, const Account& account, const Premise& premise,
                             const std::vector<UserId>& staff, Date as_of, Date history_start,
                             DemoLedgerStats& stats) {
  // Pending accounts have no history yet; closed ones were settled to zero.
  if (account.status == AccountStatus::kPending || account.status == AccountStatus::kClosed) {
    return OkStatus();
  }
  const FinanceSettings& settings = context.finance;
  const std::string unapplied = UnappliedGlCode(settings.chart);
  Position position;
  const Date start = AddDays(history_start, -1);
  auto header = [&](Date date, std::string memo, UserId by) {
    return EntryHeader{date,
                       context.city_zone.StartOfLocalDay(date) + std::chrono::hours(9) +
                           std::chrono::minutes(random.Below(480)),
                       by, std::move(memo)};
  };
  auto post = [&](JournalEntry& entry) -> Status {
    CISTERN_RETURN_IF_ERROR(PostEntry(transaction, settings, entry));
    position.Apply(entry, account.id, unapplied);
    ++stats.entries;
    return OkStatus();
  };

  // The balance brought over from the previous system: most accounts owe last month's bill.
  if (account.opened_on < start && random.Percent(70)) {
    // One entry for all funds, as a conversion would bring it over.
    const EntryHeader opening = header(start, "Balance brought forward", UserId());
    JournalEntry entry;
    for (const FundAmount& charge : MonthlyCharges(random, premise)) {
      JournalEntry part =
          OpeningBalanceEntry(settings, account.id, charge.fund, charge.amount, opening);
      if (entry.lines.empty()) {
        entry = std::move(part);
      } else {
        entry.lines.insert(entry.lines.end(), part.lines.begin(), part.lines.end());
      }
    }
    CISTERN_RETURN_IF_ERROR(post(entry));
  }

  // Now and then a CSR credited a misread meter; a few credits still wait for a supervisor.
  if (random.Below(100) == 0 && position.Owed().cents() > 1000) {
    Adjustment adjustment;
    adjustment.account_id = account.id;
    adjustment.direction = AdjustmentDirection::kCredit;
    adjustment.fund = "water";
    adjustment.reason_code = "meter_misread";
    adjustment.requested_by = random.Pick(staff);
    adjustment.requested_at = header(AddDays(as_of, -random.Below(20)), "", UserId()).posted_at;
    const bool pending = random.Percent(25);
    adjustment.amount =
        Money::FromCents(pending ? 6000 + random.Below(4000) : 500 + random.Below(3000));
    adjustment.memo = pending ? "Reading keyed as 18,400 instead of 14,800; credit the difference"
                              : "Meter misread confirmed by re-read";
    if (pending) {
      adjustment.status = ApprovalStatus::kPending;
      ++stats.pending_adjustments;
    } else {
      Money water_owed;
      for (const DatedLine& line : position.receivable) {
        if (line.fund == "water") water_owed += line.amount;
      }
      const Money excess =
          adjustment.amount > water_owed ? adjustment.amount - water_owed : Money();
      JournalEntry entry =
          AdjustmentEntry(settings, account.id, false, adjustment.fund, adjustment.amount, excess,
                          header(AddDays(as_of, -random.Below(20)),
                                 "Meter misread: " + adjustment.memo, adjustment.requested_by));
      CISTERN_RETURN_IF_ERROR(post(entry));
      adjustment.status = ApprovalStatus::kPosted;  // small enough to post without approval
      adjustment.entry_id = entry.id;
      ++stats.adjustments;
    }
    CISTERN_RETURN_IF_ERROR(transaction.approvals().InsertAdjustment(adjustment));
  }
  return OkStatus();
}

Status PostDemoPayment(const AppContext& context, Transaction& transaction, DemoRandom& random,
                       AccountId account_id, Money amount, Date paid_on,
                       const std::vector<UserId>& staff, Date as_of, DemoLedgerStats& stats) {
  const FinanceSettings& settings = context.finance;
  auto header = [&](Date date, std::string memo, UserId by) {
    return EntryHeader{date,
                       context.city_zone.StartOfLocalDay(date) + std::chrono::hours(9) +
                           std::chrono::minutes(random.Below(480)),
                       by, std::move(memo)};
  };
  auto post = [&](JournalEntry& entry) -> Status {
    CISTERN_RETURN_IF_ERROR(PostEntry(transaction, settings, entry));
    ++stats.entries;
    return OkStatus();
  };
  CISTERN_ASSIGN_OR_RETURN(ReceivablePosition position,
                           LoadPosition(transaction, settings, account_id));
  Account account;
  account.id = account_id;
  const Tender tender = PickTender(random);
  const UserId taken_by = random.Pick(staff);
  Allocation allocation = AllocatePayment(amount, position.open, settings.fund_priority);
  JournalEntry entry =
      PaymentEntry(settings, account.id, allocation,
                   header(paid_on, std::string(TenderName(tender)) + " payment", taken_by));
  CISTERN_RETURN_IF_ERROR(post(entry));
  Payment payment;
  payment.account_id = account.id;
  payment.entry_id = entry.id;
  payment.amount = amount;
  payment.tender = tender;
  switch (tender) {
    case Tender::kCash: {
      const std::int64_t tendered = (amount.cents() + 1999) / 2000 * 2000;  // next $20
      payment.tendered = Money::FromCents(tendered);
      payment.change_due = Money::FromCents(tendered - amount.cents());
      break;
    }
    case Tender::kCheck:
      payment.check_number = std::to_string(1000 + random.Below(9000));
      payment.bank_name = random.Percent(50) ? "First National Bank" : "Arvest Bank";
      break;
    case Tender::kCard:
      payment.card_auth_code = std::to_string(100000 + random.Below(900000));
      payment.card_last4 = std::to_string(1000 + random.Below(9000));
      break;
    case Tender::kMoneyOrder:
      payment.reference = "MO" + std::to_string(10000000 + random.Below(89999999));
      break;
    case Tender::kAch:
      payment.reference = "ACH" + std::to_string(100000 + random.Below(900000));
      break;
  }
  payment.received_on = paid_on;
  payment.source = "demo history";
  payment.posted_by = taken_by;
  payment.posted_at = entry.posted_at;
  CISTERN_ASSIGN_OR_RETURN(payment.id, transaction.payments().Insert(payment));
  ++stats.payments;

  // About one check in 150 comes back unpaid.
  if (tender == Tender::kCheck && random.Below(150) == 0) {
    const Date returned_on = AddDays(paid_on, 3 + random.Below(5));
    if (returned_on > as_of) return OkStatus();
    JournalEntry reversal = ReversalOf(entry, EntryKind::kPaymentReversal, returned_on,
                                       header(returned_on, "", taken_by).posted_at, taken_by,
                                       "Payment reversed (Insufficient funds)");
    CISTERN_RETURN_IF_ERROR(post(reversal));
    const Fee* fee = settings.FindFee(settings.returned_item_fee);
    JournalEntry fee_entry = FeeEntry(
        settings, account.id, *fee,
        header(returned_on, fee->name + " for payment pay_" + std::to_string(payment.id.value()),
               taken_by));
    CISTERN_RETURN_IF_ERROR(post(fee_entry));
    payment.reversal_entry_id = reversal.id;
    payment.reversal_reason = "nsf";
    payment.reversal_fee_entry_id = fee_entry.id;
    payment.reversed_at = reversal.posted_at;
    payment.reversed_by = taken_by;
    CISTERN_RETURN_IF_ERROR(transaction.payments().MarkReversed(payment));
    CISTERN_RETURN_IF_ERROR(
        transaction.accounts().SetCashOnlyUntil(account.id, AddDays(returned_on, 365)));
    Note note;
    note.account_id = account.id;
    note.author_id = taken_by;
    note.created_at = reversal.posted_at;
    note.text = "Returned payment: check #" + payment.check_number + " of " + amount.Format() +
                " came back (Insufficient funds). " + fee->name +
                " charged. Cash or certified funds only for 12 months.";
    CISTERN_RETURN_IF_ERROR(transaction.notes().Insert(note));
    ++stats.notes;
    ++stats.returned_checks;
  }
  return OkStatus();
}

}  // namespace cistern
