// Service orders: turn on, turn off with final read, re-read, meter exchange, investigate (issue 5).
// See repositories.h for the error conventions.
#pragma once

#include "core/result.h"

namespace cistern {

class ServiceOrderRepository {
 public:
  virtual ~ServiceOrderRepository() = default;
};

}  // namespace cistern
