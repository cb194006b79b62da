// What every use case needs besides its arguments: the store, the clock, the city's time zone and
// the sign-in policy. Built once by `cistern serve` (or a test) and shared read-only.
#pragma once

#include <memory>

#include "app/city_profile.h"
#include "app/store/store.h"
#include "core/city_time.h"
#include "core/clock.h"
#include "domain/auth/sign_in_policy.h"
#include "domain/billing/billing_rules.h"
#include "domain/deposits/deposit_rules.h"
#include "domain/ledger/finance_settings.h"
#include "domain/letters/letter_template.h"
#include "domain/lifecycle/service_rules.h"

namespace cistern {

class RateFileParser;  // app/rate_book.h

struct AppContext {
  Store& store;
  const Clock& clock;
  const CityTimeZone& city_zone;
  SignInPolicy sign_in_policy;
  CityProfile city;
  FinanceSettings finance;  // from config/finance.toml; validated at start-up
  BillingSettings billing;  // from config/billing.toml
  // Reads rate files (config/rate_config.h); null where nothing needs rates.
  const RateFileParser* rate_parser = nullptr;
  LetterTemplates letters;  // from config/letters.toml; validated at start-up
  // The deposit guidelines, from config/deposits.toml; null where nothing needs them.
  std::shared_ptr<const DepositRules> deposits;
  // How service starts, stops and transfers (config/service_rules.toml); null where nothing
  // needs them.
  std::shared_ptr<const ServiceRules> service_rules;

  Date Today() const { return city_zone.LocalDate(clock.Now()); }
};

}  // namespace cistern
