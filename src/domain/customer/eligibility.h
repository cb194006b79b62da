// Eligibility: a customer's verified membership in a rate program ("senior", "low_income"),
// which lets billing apply the program's rate classes and discounts while it is current.
//
// An eligibility is current on every day from verified_on through current_through() (inclusive,
// like every period in Cistern). It ends early when ended (the last current day is ended_on) or
// when renewed (the renewal takes over from its own verified_on). Records are never deleted:
// ended, renewed and expired ones stay as the customer's history.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/id.h"
#include "core/result.h"

namespace cistern {

using EligibilityId = Id<struct EligibilityTag>;

// The program whose proof is the customer's age rather than a document.
constexpr std::string_view kSeniorProgram = "senior";
constexpr int kSeniorAgeMin = 65;
// A verification is good for at most this many years.
constexpr int kEligibilityYearsMax = 3;
// How far back a verification or an end may be dated.
constexpr int kEligibilityDaysBackMax = 90;
constexpr std::size_t kEligibilityDocumentLengthMax = 120;
constexpr std::size_t kEligibilityReasonLengthMax = 200;

enum class EligibilityStatus { kCurrent, kExpired, kEnded, kRenewed, kPending };
const char* EligibilityStatusCode(EligibilityStatus status);  // "current", "expired", ...

struct Eligibility {
  EligibilityId id;
  CustomerId customer_id;
  std::string program;             // a program named by the loaded rates
  std::optional<Date> birth_date;  // the proof for the senior program
  std::string document;            // a qualifying document's reference ("SNAP letter 2026-114")
  UserId verified_by;              // the signed-in user who saw the proof
  std::string verified_by_name;    // filled when read back
  Date verified_on;                // the first day it is current
  Date renews_on;                  // when the proof must be seen again (the paperwork's date)
  Date current_through;            // the last day current: renews_on, or earlier when ended
                                   // or renewed (what billing reads)
  std::optional<Date> ended_on;    // set when ended: the last day it was current
  std::string end_reason;
  std::optional<EligibilityId> renewal_of;  // the eligibility this one renews
  std::optional<EligibilityId> renewed_by;  // filled when read back: the renewal of this one
  Instant recorded_at;
};

EligibilityStatus StatusOn(const Eligibility& eligibility, Date today);
// True when billing applies it on `date`: verified_on <= date <= current_through.
bool IsCurrentOn(const Eligibility& eligibility, Date date);

// What the caller gives to add or renew an eligibility.
struct EligibilityProof {
  std::string program;
  std::optional<Date> birth_date;
  std::string document;
  Date verified_on;
  Date renews_on;
};

// Checks a proof against the rules, naming the field of the first problem:
// - "program": one of `known_programs` (PROGRAM_UNKNOWN);
// - "verified_on": not after `today`, not more than kEligibilityDaysBackMax days back;
// - "renews_on": after verified_on and at most kEligibilityYearsMax years later;
// - "birth_date": for the senior program, required (BIRTH_DATE_REQUIRED) and at least
//   kSeniorAgeMin years before verified_on (BIRTH_DATE_TOO_YOUNG);
// - "document": for every other program, required (DOCUMENT_REQUIRED); at most
//   kEligibilityDocumentLengthMax characters.
Status ValidateEligibilityProof(const EligibilityProof& proof,
                                const std::vector<std::string>& known_programs, Date today);

// Age in whole years on `on`.
int AgeOn(Date birth_date, Date on);

}  // namespace cistern
