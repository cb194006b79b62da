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
  int bills = 0;  // in this part
  int part = 1;
  int parts = 1;  // a run of more than kMaxBillsPerPdf bills prints in several files
};

// The posted bills of a run, in bill order: part `part` (1..parts) of the run's bills in files
// of at most kMaxBillsPerPdf bills each. NOT_FOUND for an unknown run; FAILED_PRECONDITION
// (RUN_HAS_NO_BILLS) for a run with none; INVALID_ARGUMENT naming "part" for a part that does
// not exist.
Result<RenderedRun> RenderRunPdf(const AppContext& context, const Caller& caller, BillingRunId run,
                                 int part = 1);

}  // namespace cistern
