#include "domain/premise/premise.h"

#include "core/text.h"

namespace cistern {
namespace {
constexpr int kMaxUnitCount = 2000;
constexpr std::size_t kMaxParcelLength = 40;
constexpr std::size_t kMaxCodeLength = 16;
}  // namespace

const std::vector<PremiseTypeInfo>& AllPremiseTypes() {
  static const std::vector<PremiseTypeInfo> types = {
      {PremiseType::kSingleFamily, "single_family", "Single-family"},
      {PremiseType::kMultiFamily, "multi_family", "Multi-family"},
      {PremiseType::kCommercial, "commercial", "Commercial"},
      {PremiseType::kIndustrial, "industrial", "Industrial"},
      {PremiseType::kIrrigation, "irrigation", "Irrigation"},
      {PremiseType::kInstitutional, "institutional", "Institutional"},
  };
  return types;
}

const char* PremiseTypeCode(PremiseType type) {
  for (const auto& info : AllPremiseTypes()) {
    if (info.type == type) return info.code;
  }
  return "single_family";
}

std::optional<PremiseType> ParsePremiseType(std::string_view code) {
  for (const auto& info : AllPremiseTypes()) {
    if (code == info.code) return info.type;
  }
  return std::nullopt;
}

Premise NormalizePremise(Premise premise) {
  premise.address = NormalizeAddress(premise.address);
  premise.parcel_number = Trim(premise.parcel_number);
  premise.route = Trim(premise.route);
  premise.cycle = Trim(premise.cycle);
  return premise;
}

Status ValidatePremise(const Premise& premise, const std::string& field) {
  CISTERN_RETURN_IF_ERROR(ValidateAddress(premise.address, field + ".address"));
  if (premise.type == PremiseType::kMultiFamily) {
    if (premise.unit_count < 2 || premise.unit_count > kMaxUnitCount) {
      return Error::InvalidArgument(field + ".unit_count", "UNIT_COUNT_INVALID",
                                    "A multi-family premise has from 2 to 2000 dwelling units.");
    }
  } else if (premise.unit_count != 1) {
    return Error::InvalidArgument(field + ".unit_count", "UNIT_COUNT_INVALID",
                                  "Only a multi-family premise has more than one unit.");
  }
  if (CountCharacters(premise.parcel_number) > kMaxParcelLength) {
    return Error::InvalidArgument(field + ".parcel_number", "FIELD_TOO_LONG",
                                  "The parcel number has at most 40 characters.");
  }
  if (premise.route.empty()) {
    return Error::InvalidArgument(field + ".route", "FIELD_REQUIRED", "Choose the meter route.");
  }
  if (premise.route.size() > kMaxCodeLength) {
    return Error::InvalidArgument(field + ".route", "FIELD_TOO_LONG",
                                  "A route code has at most 16 characters.");
  }
  if (premise.cycle.empty()) {
    return Error::InvalidArgument(field + ".cycle", "FIELD_REQUIRED", "Choose the billing cycle.");
  }
  if (premise.cycle.size() > kMaxCodeLength) {
    return Error::InvalidArgument(field + ".cycle", "FIELD_TOO_LONG",
                                  "A cycle code has at most 16 characters.");
  }
  return OkStatus();
}

}  // namespace cistern
