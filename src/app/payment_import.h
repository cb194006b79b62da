// Importing payments received in bulk (a bank lockbox file, an ACH return of autopay drafts) from
// the CSV layout documented in docs/ledger.md:
//
//   account_number,amount,date,reference
//   1000000026,125.00,2026-11-27,LBX-20261127-0001
//
// Every line is checked before anything posts. A file with bad lines posts nothing unless the
// caller chooses to post the valid lines only.
#pragma once

#include <string>
#include <vector>

#include "app/app_context.h"
#include "app/store/ledger_records.h"
#include "domain/auth/roles.h"

namespace cistern {

struct ImportLine {
  int line_number = 0;
  AccountNumber account_number;
  Money amount;
  Date received_on;
  std::string reference;
};

struct ImportProblem {
  int line_number = 0;
  std::string message;
};

struct ParsedImport {
  std::vector<ImportLine> lines;
  std::vector<ImportProblem> problems;
};

constexpr std::size_t kImportLinesMax = 2'000'000;

// Reads the CSV text: a header line naming the four columns, then one payment per line. Blank
// lines are skipped. `today` bounds the dates (not in the future, not over a year old).
ParsedImport ParsePaymentCsv(const std::string& text, Date today);

enum class ImportMode { kAllOrNothing, kPostValidLines };

struct ImportReport {
  int posted = 0;
  Money total;
  std::vector<ImportProblem> problems;  // including lines refused while checking accounts
};

// Checks every line against the store (the account exists and is not closed; the reference was
// not imported before from the same source), then posts in chunks, one transaction each.
// `source` names the file ("lockbox-2026-11-27.csv"). Needs Permission::kPostPayments.
Result<ImportReport> ImportPayments(const AppContext& context, const Caller& caller,
                                    const ParsedImport& parsed, const std::string& source,
                                    Tender tender, ImportMode mode);

}  // namespace cistern
