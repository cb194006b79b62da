#include "domain/customer/eligibility.h"

#include <algorithm>

#include "core/text.h"

namespace cistern {

const char* EligibilityStatusCode(EligibilityStatus status) {
  switch (status) {
    case EligibilityStatus::kCurrent:
      return "current";
    case EligibilityStatus::kExpired:
      return "expired";
    case EligibilityStatus::kEnded:
      return "ended";
    case EligibilityStatus::kRenewed:
      return "renewed";
    case EligibilityStatus::kPending:
      return "pending";
  }
  return "current";
}

bool IsCurrentOn(const Eligibility& eligibility, Date date) {
  return eligibility.verified_on <= date && date <= eligibility.current_through;
}

EligibilityStatus StatusOn(const Eligibility& eligibility, Date today) {
  if (eligibility.ended_on) return EligibilityStatus::kEnded;
  if (eligibility.renewed_by) return EligibilityStatus::kRenewed;
  if (today < eligibility.verified_on) return EligibilityStatus::kPending;
  if (today > eligibility.current_through) return EligibilityStatus::kExpired;
  return EligibilityStatus::kCurrent;
}

int AgeOn(Date birth_date, Date on) {
  int age = static_cast<int>(on.year()) - static_cast<int>(birth_date.year());
  if (std::chrono::month_day(on.month(), on.day()) <
      std::chrono::month_day(birth_date.month(), birth_date.day())) {
    --age;
  }
  return age;
}

Status ValidateEligibilityProof(const EligibilityProof& proof,
                                const std::vector<std::string>& known_programs, Date today) {
  if (proof.program.empty()) {
    return Error::InvalidArgument("program", "FIELD_REQUIRED", "Program is required.");
  }
  if (std::find(known_programs.begin(), known_programs.end(), proof.program) ==
      known_programs.end()) {
    std::string names;
    for (const std::string& known : known_programs) names += (names.empty() ? "" : ", ") + known;
    return Error::InvalidArgument("program", "PROGRAM_UNKNOWN",
                                  "\"" + proof.program.substr(0, 40) +
                                      "\" is not a program of the loaded rates (" +
                                      (names.empty() ? "none" : names) + ").");
  }
  if (!proof.verified_on.ok() || proof.verified_on > today) {
    return Error::InvalidArgument("verified_on", "VERIFIED_ON_IN_FUTURE",
                                  "The verification date cannot be after today.");
  }
  if (DaysBetween(proof.verified_on, today) > kEligibilityDaysBackMax) {
    return Error::InvalidArgument("verified_on", "VERIFIED_ON_TOO_OLD",
                                  "The verification date may be at most 90 days back.");
  }
  if (!proof.renews_on.ok() || proof.renews_on <= proof.verified_on) {
    return Error::InvalidArgument("renews_on", "RENEWS_ON_NOT_AFTER_VERIFICATION",
                                  "The renewal date must be after the verification date.");
  }
  const std::chrono::year latest_year =
      proof.verified_on.year() + std::chrono::years(kEligibilityYearsMax);
  const Date latest = latest_year / proof.verified_on.month() / proof.verified_on.day();
  // 29 February plus three years is not a day: use the 28th instead.
  const Date latest_valid =
      latest.ok() ? latest : Date(latest.year() / latest.month() / std::chrono::day(28));
  if (proof.renews_on > latest_valid) {
    return Error::InvalidArgument("renews_on", "RENEWS_ON_TOO_LATE",
                                  "An eligibility is renewed at least every 3 years: the renewal "
                                  "date may be at most " +
                                      FormatDate(latest_valid) + ".");
  }
  if (proof.program == kSeniorProgram) {
    if (!proof.birth_date) {
      return Error::InvalidArgument("birth_date", "BIRTH_DATE_REQUIRED",
                                    "The senior program needs the customer's birth date.");
    }
    if (!proof.birth_date->ok() || *proof.birth_date >= proof.verified_on) {
      return Error::InvalidArgument("birth_date", "DATE_OF_BIRTH_INVALID",
                                    "The birth date must be a real date before the verification.");
    }
    if (AgeOn(*proof.birth_date, proof.verified_on) < kSeniorAgeMin) {
      return Error::InvalidArgument(
          "birth_date", "BIRTH_DATE_TOO_YOUNG",
          "The senior program needs the customer to be at least 65 on the verification date.");
    }
  } else if (proof.document.empty()) {
    return Error::InvalidArgument(
        "document", "DOCUMENT_REQUIRED",
        "The " + proof.program + " program needs the qualifying document's reference.");
  }
  if (CountCharacters(proof.document) > kEligibilityDocumentLengthMax) {
    return Error::InvalidArgument("document", "FIELD_TOO_LONG",
                                  "The document reference has at most 120 characters.");
  }
  return OkStatus();
}

}  // namespace cistern
