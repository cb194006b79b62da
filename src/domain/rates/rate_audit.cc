#include "domain/rates/rate_audit.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "domain/metering/reading_check.h"

namespace cistern {
namespace {

using std::chrono::months;
using std::chrono::year_month;

struct KindInfo {
  RateAuditKind kind;
  const char* code;
};

constexpr KindInfo kKinds[] = {
    {RateAuditKind::kClassUnknown, "class_unknown"},
    {RateAuditKind::kPremiseTypeMismatch, "premise_type_mismatch"},
    {RateAuditKind::kCustomerKindMismatch, "customer_kind_mismatch"},
    {RateAuditKind::kLocationMismatch, "location_mismatch"},
    {RateAuditKind::kProgramNotCurrent, "program_not_current"},
    {RateAuditKind::kWinterAverageMissing, "winter_average_missing"},
};

bool Contains(const std::vector<std::string>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// "single-family", or the code itself when the schedule names a type the city does not have.
std::string PremiseTypeWords(std::string_view code) {
  for (const PremiseTypeInfo& info : AllPremiseTypes()) {
    if (code == info.code) {
      std::string words = info.name;
      std::transform(words.begin(), words.end(), words.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return words;
    }
  }
  return std::string(code);
}

// "a, b or c".
std::string OrList(const std::vector<std::string>& words) {
  std::string text;
  for (std::size_t index = 0; index < words.size(); ++index) {
    if (index > 0) text += index + 1 == words.size() ? " or " : ", ";
    text += words[index];
  }
  return text;
}

std::string CustomerKindWords(std::string_view code) {
  if (code == "person") return "persons";
  if (code == "business") return "businesses";
  return std::string(code);
}

// "Commercial water meter (water.commercial)": the name a CSR knows and the code they enter.
std::string ClassLabel(const RateClass& rate_class, const ServiceRateFacts& facts) {
  return rate_class.name + " (" + facts.service + "." + rate_class.code + ")";
}

year_month MonthOf(Date date) { return {date.year(), date.month()}; }

}  // namespace

const char* RateAuditKindCode(RateAuditKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.code;
  }
  return "class_unknown";
}

std::optional<RateAuditKind> ParseRateAuditKind(std::string_view code) {
  for (const KindInfo& info : kKinds) {
    if (code == info.code) return info.kind;
  }
  return std::nullopt;
}

const std::vector<RateAuditKind>& AllRateAuditKinds() {
  static const std::vector<RateAuditKind> kinds = [] {
    std::vector<RateAuditKind> all;
    for (const KindInfo& info : kKinds) all.push_back(info.kind);
    return all;
  }();
  return kinds;
}

bool WinterAverageExpected(const WinterAverageRule& rule, Date service_starts_on, Date as_of) {
  // The latest recompute whose bills have had a month to be posted: this year's or last year's.
  const std::chrono::month recompute_month{static_cast<unsigned>(rule.recompute_month)};
  std::optional<std::chrono::year> recompute_year;
  for (std::chrono::year year : {as_of.year(), as_of.year() - std::chrono::years(1)}) {
    const year_month done_from = year / recompute_month + months(2);
    if (Date{done_from / std::chrono::day{1}} <= as_of) {
      recompute_year = year;
      break;
    }
  }
  if (!recompute_year) return false;
  const MonthWindow window = WinterAverageWindow(rule, *recompute_year);
  // The first whole calendar month of service.
  year_month first = MonthOf(service_starts_on);
  if (service_starts_on.day() != std::chrono::day{1}) first += months(1);
  first = std::max(first, window.first);
  int usable = 0;
  for (year_month month = first; month <= window.last; month += months(1)) {
    if (std::find(rule.months.begin(), rule.months.end(),
                  static_cast<int>(static_cast<unsigned>(month.month()))) != rule.months.end()) {
      ++usable;
    }
  }
  const int needed = rule.lowest == 0 ? static_cast<int>(rule.months.size()) : rule.lowest;
  return usable >= needed;
}

std::vector<RateAuditFinding> AuditRateClass(const RateClass& rate_class,
                                             const ServiceRateFacts& facts, Date as_of) {
  std::vector<RateAuditFinding> findings;
  const std::string label = ClassLabel(rate_class, facts);

  const std::string premise_type = PremiseTypeCode(facts.premise_type);
  if (!rate_class.premise_types.empty() && !Contains(rate_class.premise_types, premise_type)) {
    std::vector<std::string> meant;
    for (const std::string& code : rate_class.premise_types)
      meant.push_back(PremiseTypeWords(code));
    findings.push_back({RateAuditKind::kPremiseTypeMismatch,
                        label + " is for " + OrList(meant) + " premises; this premise is " +
                            PremiseTypeWords(premise_type) + "."});
  }

  const std::string customer_kind = CustomerKindCode(facts.customer_kind);
  if (!rate_class.customer_kinds.empty() && !Contains(rate_class.customer_kinds, customer_kind)) {
    std::vector<std::string> meant;
    for (const std::string& code : rate_class.customer_kinds) {
      meant.push_back(CustomerKindWords(code));
    }
    findings.push_back(
        {RateAuditKind::kCustomerKindMismatch,
         label + " is for " + OrList(meant) + "; the customer is a " + customer_kind + "."});
  }

  const bool inside = facts.city_limits == CityLimits::kInside;
  if (rate_class.location == RateLocation::kInside && !inside) {
    findings.push_back({RateAuditKind::kLocationMismatch,
                        label + " is an inside-city rate; the premise is outside city limits."});
  } else if (rate_class.location == RateLocation::kOutside && inside) {
    findings.push_back({RateAuditKind::kLocationMismatch,
                        label + " is an outside-city rate; the premise is inside city limits."});
  }

  if (!rate_class.program.empty() && !Contains(facts.programs, rate_class.program)) {
    findings.push_back({RateAuditKind::kProgramNotCurrent,
                        label + " requires a current \"" + rate_class.program +
                            "\" eligibility; the customer has none on " + FormatDate(as_of) + "."});
  }

  if (rate_class.winter_average && !facts.has_winter_average &&
      WinterAverageExpected(*rate_class.winter_average, facts.starts_on, as_of)) {
    findings.push_back(
        {RateAuditKind::kWinterAverageMissing,
         label + " caps usage at the winter average; none was computed at the last recompute" +
             " although the service has been on since " + FormatDate(facts.starts_on) +
             ", so it is billed on the " +
             FormatGallons(rate_class.winter_average->default_cap_gallons) + " default cap."});
  }
  return findings;
}

std::vector<RateAuditFinding> AuditServiceRate(const RateVersion* version,
                                               const ServiceRateFacts& facts, Date as_of) {
  if (version == nullptr) {
    return {{RateAuditKind::kClassUnknown, "No rates are in effect on " + FormatDate(as_of) +
                                               " to check " + facts.service + "." +
                                               facts.rate_class + " against."}};
  }
  const RateService* service = version->FindService(facts.service);
  if (service == nullptr) {
    return {{RateAuditKind::kClassUnknown, "The rates in effect (" + version->label +
                                               ") have no service \"" + facts.service + "\"."}};
  }
  const RateClass* rate_class = service->FindClass(facts.rate_class);
  if (rate_class == nullptr) {
    return {{RateAuditKind::kClassUnknown, service->name + " in the rates in effect (" +
                                               version->label + ") has no rate class \"" +
                                               facts.rate_class + "\"."}};
  }
  return AuditRateClass(*rate_class, facts, as_of);
}

}  // namespace cistern
