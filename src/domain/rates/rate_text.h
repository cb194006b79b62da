// The words on a quote line: amounts of water, prices per unit and block ranges, written the way
// a bill shows them ("10,001–20,000 gal at $9.19 per 1,000 gal"). Shared by RateBook::Make, which
// writes the texts of an ordinary month once, and QuoteBill, which writes the unusual ones.
#pragma once

#include <optional>
#include <string>

#include "core/unit_price.h"
#include "core/usage.h"

namespace cistern {

// An amount for people, with thousands commas and at most two decimals (rounded half up):
// "10,000", "2.5", "5,161.29".
std::string FormatAmount(const Quantity& amount);

// `gallons` shown in `unit`: "10,000 gal", "1.34 ccf".
std::string FormatUsage(const Quantity& gallons, UsageUnit unit);

// "$9.19 per 1,000 gal", "$4.3725 per 100 cu ft", "$0.005 per gal".
std::string PricePerUnitText(UnitPrice price, UsageUnit unit);

// The usage a block covers, in `unit`. `lower` is the previous block's limit (0 for the first),
// `upper` this block's (nullopt: no limit): "First 10,000 gal", "10,001–20,000 gal" (whole
// gallons), "Over 5.2 up to 10.4 ccf", "Over 20,000 gal", "All usage".
std::string BlockRangeText(const Quantity& lower_gallons, const std::optional<Quantity>& upper,
                           UsageUnit unit);

// Gallons in one `unit`, exactly (1000 for kgal, 74800/100 ... for ccf).
Quantity GallonsPerUnit(UsageUnit unit);

}  // namespace cistern
