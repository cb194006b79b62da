// Bills as documents: a BillView formatted for print, one bill's PDF for the console, and a
// run's bills in one PDF for the print shop.
#pragma once

#include <string>

#include "app/billing.h"
#include "documents/bill.h"

namespace cistern {

// Everything the printed bill shows, formatted for people.
BillDocument BillDocumentFor(const BillView& view, const CityProfile& city);

Result<std::string> RenderBillPdf(const AppContext& context, const Caller& caller, BillId bill);

struct RenderedRun {
  std::string pdf;
  int bills = 0;
};

// Every bill of a posted run, in bill order, in one PDF (at most kMaxBillsPerPdf).
Result<RenderedRun> RenderRunPdf(const AppContext& context, const Caller& caller, BillingRunId run);

}  // namespace cistern
