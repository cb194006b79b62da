// Master changes to customers (name, mailing address, phones, emails) with effective dates, and eligibility records for senior and low-income programs (issue 5).
// See repositories.h for the error conventions.
#pragma once

#include "core/result.h"

namespace cistern {

class CustomerChangeRepository {
 public:
  virtual ~CustomerChangeRepository() = default;
};

}  // namespace cistern
