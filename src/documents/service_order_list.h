// The daily service order list as a PDF: what a field worker carries for one day, grouped by
// route in route sequence order (the walking order), each order with where, who, what and when,
// the meter and its last reading, and blank boxes to write the reading, the time and a signature.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace cistern {

// Everything printed, already formatted for people: the renderer does no arithmetic.
struct ServiceOrderSheet {
  std::string number;           // "SO-42"
  std::string type;             // "Turn on"
  std::string window;           // "8-10 AM"
  std::string status;           // "Open", "Dispatched to Crew 2"
  std::string route_sequence;   // "7", or "" without a meter
  std::string service_address;  // "1204 N Broadway Ave"
  std::string account_number;   // "1000001543", or ""
  std::string customer_name;
  std::string meter_serial;  // "M10000001"
  std::string meter_size;    // "5/8"
  std::string last_reading;  // "245,310 on Oct 28, 2026", or "None"
  std::string remarks;
  bool needs_waiver = false;  // a turn-on: print the waiver line for the person present
};

struct ServiceOrderRouteSheet {
  std::string route;  // "R01 - Route 01"
  std::vector<ServiceOrderSheet> orders;
};

struct ServiceOrderListDocument {
  std::string city_name;
  std::string office_line;
  std::string date;                            // "Monday, Nov 30, 2026"
  std::string printed_note;                    // "Route R01" or "All routes"
  std::vector<ServiceOrderRouteSheet> routes;  // empty: the page says there are no orders
};

// US Letter pages; each route starts on a new page, an order is never split across pages, and
// every page carries the date, route and "page N of M". Fails only when the PDF library fails.
Result<std::string> RenderServiceOrderListPdf(const ServiceOrderListDocument& list);

}  // namespace cistern
