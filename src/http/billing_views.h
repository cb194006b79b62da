// JSON for meters, readings, the exceptions queue, billing runs and bills. Internal to http/.
#pragma once

#include "app/billing.h"
#include "app/metering.h"
#include "http/api.h"

namespace cistern::http {

constexpr const char* kServicePrefix = "svc";
constexpr const char* kMeterPrefix = "mtr";
constexpr const char* kReadingPrefix = "rdg";
constexpr const char* kReadingExceptionPrefix = "rex";
constexpr const char* kRunPrefix = "run";
constexpr const char* kBillPrefix = "bill";

json ServiceJson(const ServiceRecord& service);
json MeterJson(const Meter& meter, const MeterInstall& install);
json ReadingJson(const Reading& reading);
json AccountMeteringJson(const AccountMetering& metering);
json ReadingOutcomeJson(const ReadingOutcome& outcome);
json ReadingExceptionJson(const ReadingException& exception);
json ReadingImportJson(const ReadingImportReport& report);
json RunJson(const BillingRun& run);
json RunViewJson(const BillingRunView& view);
json BillSummaryJson(const Bill& bill);
json BillViewJson(const BillView& view);

}  // namespace cistern::http
