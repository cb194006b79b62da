// A payment receipt as a PDF, for the customer at the counter or by email.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace cistern {

// Everything printed on a receipt, already formatted for people: the renderer does no
// arithmetic and knows nothing of the ledger.
struct ReceiptData {
  std::string city_name;       // "City of Moore"
  std::string office_line;     // "Utility Billing · 301 N Broadway · (405) 555-0100"
  std::string receipt_number;  // "R-000123" (the payment id)
  std::string posted_at;       // "Nov 27, 2026 2:41 PM" in the city's zone
  std::string cashier;         // "Casey Reyes"
  std::string account_number;  // "1000001543"
  std::string customer_name;
  std::string service_address;
  std::string tender;      // "Check #1042 (First National)", "Card ending 4242, auth 123456"
  std::string amount;      // "$125.00"
  std::string tendered;    // cash only: "$130.00", else empty
  std::string change_due;  // cash only: "$5.00", else empty
  struct Line {
    std::string label;  // "Water", "Sewer", "Credit on account"
    std::string amount;
  };
  std::vector<Line> applied;  // how the payment was applied
  std::string balance_after;  // "$0.00" or "-$5.00 (credit)"
  std::string footer;         // "Thank you. Keep this receipt for your records."
};

// A one-page PDF (US Letter). Fails only when the PDF library fails (INTERNAL).
Result<std::string> RenderReceiptPdf(const ReceiptData& receipt);

}  // namespace cistern
