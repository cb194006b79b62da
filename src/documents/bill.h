// The printed utility bill: one US Letter page per bill, tri-folded into a #10 double-window
// envelope, with a tear-off remittance stub that goes back in a #9 return envelope and is read by
// the lockbox scanner. Bills are rendered in runs (a whole cycle for the print shop, in one PDF) or
// one at a time (a reprint at the counter).
//
// Page layout, top to bottom (each third is 3-2/3", a panel of the tri-fold):
//   top third     letterhead (upper window); service address and period; the customer's
//                 mailing address (lower window); on the right, clear of both windows, the
//                 summary panel: account, bill number, dates and AMOUNT DUE
//   middle        left: meter readings and the charges by service with their total; right:
//                 account activity ending in TOTAL DUE and the late amount, a 13-month usage
//                 chart and the cycle message
//   bottom third  the remittance stub below a perforation: account, due date, total, late
//                 amount, an "amount enclosed" box, the city's remittance address (return
//                 envelope window) and the OCR scan line (domain/billing/scan_line.h)
// The envelope window positions used are documented in bill.cc. Up to 3 meters fit the first
// page (more: 2 there, the rest on page 2), and about 12 charge lines (more continue on page 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "documents/pdf_page.h"

namespace cistern {

// What kind of bill this is, shown in its title so that a customer never takes a correction or
// a reprint for a second bill to pay.
enum class BillNotice {
  kNone,       // "UTILITY BILL"
  kCorrected,  // replaces a cancelled bill: "CORRECTED BILL", and "Replaces bill B-..." in the
               // summary panel
  kDuplicate,  // a reprint of a bill already mailed: "DUPLICATE BILL"
  kFinal,      // an account's last bill, its service ended: "FINAL BILL"
  kCancelled,  // a cancelled bill, printed for the record: "CANCELLED BILL", the day it was
               // cancelled in the summary panel, "WAS DUE" over its amount, and no remittance
               // stub or scan line, so that it is never paid
};

// Everything printed on a bill, already formatted for people: the renderer does no arithmetic
// on amounts, readings or dates and knows nothing of rates or the ledger. Empty strings and empty
// lists leave their rows out.
struct BillDocument {
  // Letterhead, shown through the envelope's upper window.
  std::string city_name;  // "City of Moore"
  std::string office_line;  // "Utility Billing · 301 N Broadway · Moore, OK 73160 · (405) 793-5000"
  // Where payments go, printed on the stub for the return envelope's window (up to 4 lines).
  std::vector<std::string> remittance_address;  // {"City of Moore", "PO Box 6440", "Moore, OK ..."}

  std::string bill_number;     // "B-2026-000123"
  std::string bill_date;       // "Nov 1, 2026"
  std::string due_date;        // "Nov 20, 2026"
  std::string account_number;  // "1000001543"

  // The addressee, for the envelope's lower window: up to 4 address lines under the name.
  std::string customer_name;
  std::vector<std::string> mailing_address;  // {"1204 SE 4th St", "Moore, OK 73160-1234"}

  std::string service_address;  // "1204 SE 4th St"
  std::string period;           // "Oct 1 – Oct 31, 2026 (31 days)"

  struct Reading {
    std::string meter_serial;      // "W-0042137"
    std::string previous_date;     // "Sep 30, 2026"
    std::string previous_reading;  // "1,204,300"
    std::string current_date;
    std::string current_reading;
    std::string usage;  // "6,200"
    std::string unit;   // "gal"
    bool estimated = false;
  };
  std::vector<Reading> readings;

  struct Charge {
    std::string service;      // "Water"; consecutive charges of one service form a group
    std::string description;  // "10,001–20,000 gal at $9.19 per 1,000 gal"
    std::string amount;       // "$45.95", "-$5.00"
  };
  std::vector<Charge> charges;  // grouped by service, in print order

  // Account activity since the last bill.
  std::string previous_balance;  // "$98.10"
  std::string payments;          // "-$98.10"
  std::string adjustments;       // "$0.00"; empty leaves the row out
  std::string current_charges;   // "$123.45"
  std::string total_due;         // "$123.45", or "-$12.00 (credit)"
  std::string late_amount;       // "$133.45": what is due after late_date; empty when no late fee
  std::string late_date;         // "Nov 20, 2026"

  struct UsageMonth {
    std::string label;       // "Nov", or "N'25" where the year matters
    std::int64_t usage = 0;  // in usage_unit_label, whole units
    bool current = false;    // this bill's period, drawn in the accent colour
  };
  std::vector<UsageMonth> usage_history;  // up to 13 months, oldest first
  std::string usage_unit_label;           // "gallons"

  // The cycle message ("Water main flushing begins ..."); may be empty. Five lines of the right
  // column hold about 220 characters; longer text is cut with an ellipsis.
  std::string message;
  std::string scan_line;  // ScanLine(account, total due): a credit prints as zero due

  BillNotice notice = BillNotice::kNone;
  std::string replaces_bill_number;  // kCorrected: the cancelled bill's number
  std::string cancelled_on;          // kCancelled: "Nov 27, 2026 · do not pay"
  std::string service_ended_on;      // kFinal: "Nov 15, 2026"
};

// A run of bills may be large, but not unbounded: libharu keeps the whole document in memory
// (about 26 KB per typical bill while rendering, 135 MB at this cap; the finished PDF is about
// 2.5 KB per bill), so the print shop's file is cut into documents of at most this many.
inline constexpr std::size_t kMaxBillsPerPdf = 5000;

// Renders `bills` into one PDF, in order, each starting on a new page. A bill whose charges do
// not fit its first page continues them on further pages (headed with the account and "page 2
// of 2"); the stub is always on the first page. Refusals: INVALID_ARGUMENT with field "bills"
// and reason BILLS_EMPTY or BILLS_TOO_MANY (above kMaxBillsPerPdf); INTERNAL when the PDF
// library fails. The same bills always give the same bytes.
Result<std::string> RenderBillsPdf(const std::vector<BillDocument>& bills,
                                   PdfCompression compression = PdfCompression::kDeflate);

}  // namespace cistern
