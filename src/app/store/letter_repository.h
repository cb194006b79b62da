// Letters sent to customers and their templates' records (issue 5).
// See repositories.h for the error conventions.
#pragma once

#include "core/result.h"

namespace cistern {

class LetterRepository {
 public:
  virtual ~LetterRepository() = default;
};

}  // namespace cistern
