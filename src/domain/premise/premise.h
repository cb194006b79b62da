// Premise: a service address, the place where water, sewer and the other services are delivered.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/id.h"
#include "core/result.h"
#include "domain/customer/address.h"

namespace cistern {

enum class PremiseType {
  kSingleFamily,
  kMultiFamily,  // carries a unit count of 2 or more
  kCommercial,
  kIndustrial,
  kIrrigation,
  kInstitutional,
};

struct PremiseTypeInfo {
  PremiseType type;
  const char* code;  // "single_family"
  const char* name;  // "Single-family"
};
const std::vector<PremiseTypeInfo>& AllPremiseTypes();
const char* PremiseTypeCode(PremiseType type);
std::optional<PremiseType> ParsePremiseType(std::string_view code);

enum class CityLimits { kInside, kOutside };

struct Premise {
  PremiseId id;
  Address address;
  CityLimits city_limits = CityLimits::kInside;
  PremiseType type = PremiseType::kSingleFamily;
  int unit_count = 1;
  std::string parcel_number;  // the county assessor's parcel id, free format, may be empty
  std::string route;          // meter route code; must exist in the route table
  std::string cycle;          // billing cycle code; must exist in the cycle table
  int version = 0;
};

Premise NormalizePremise(Premise premise);

// Checks a normalized premise's own fields. Whether `route` and `cycle` exist is checked by the
// use case against the store. `field` is the premise's path in the request, e.g. "premise".
Status ValidatePremise(const Premise& premise, const std::string& field);

}  // namespace cistern
