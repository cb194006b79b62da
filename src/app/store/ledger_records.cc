#include "app/store/ledger_records.h"

namespace cistern {

const std::vector<Tender>& AllTenders() {
  static const std::vector<Tender> tenders = {Tender::kCash, Tender::kCheck, Tender::kMoneyOrder,
                                              Tender::kCard, Tender::kAch};
  return tenders;
}

const char* TenderCode(Tender tender) {
  switch (tender) {
    case Tender::kCash:
      return "cash";
    case Tender::kCheck:
      return "check";
    case Tender::kMoneyOrder:
      return "money_order";
    case Tender::kCard:
      return "card";
    case Tender::kAch:
      return "ach";
  }
  return "cash";
}

const char* TenderName(Tender tender) {
  switch (tender) {
    case Tender::kCash:
      return "Cash";
    case Tender::kCheck:
      return "Check";
    case Tender::kMoneyOrder:
      return "Money order";
    case Tender::kCard:
      return "Card (city terminal)";
    case Tender::kAch:
      return "ACH";
  }
  return "Cash";
}

std::optional<Tender> ParseTender(std::string_view code) {
  for (Tender tender : AllTenders()) {
    if (code == TenderCode(tender)) return tender;
  }
  return std::nullopt;
}

Money TenderTotals::For(Tender tender) const {
  switch (tender) {
    case Tender::kCash:
      return cash;
    case Tender::kCheck:
      return check;
    case Tender::kMoneyOrder:
      return money_order;
    case Tender::kCard:
      return card;
    case Tender::kAch:
      return ach;
  }
  return {};
}

void TenderTotals::Add(const TenderTotals& other) {
  for (Tender tender : AllTenders()) Add(tender, other.For(tender), 0);
  count += other.count;
}

void TenderTotals::Add(Tender tender, Money amount, int payments) {
  switch (tender) {
    case Tender::kCash:
      cash += amount;
      break;
    case Tender::kCheck:
      check += amount;
      break;
    case Tender::kMoneyOrder:
      money_order += amount;
      break;
    case Tender::kCard:
      card += amount;
      break;
    case Tender::kAch:
      ach += amount;
      break;
  }
  count += payments;
}

}  // namespace cistern
