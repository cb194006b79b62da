// Reads config/letters.toml into LetterTemplates: the closing and signature every letter shares,
// and the city's letter templates with their merge fields (docs/letters.md).
#pragma once

#include <string>

#include "core/result.h"
#include "domain/letters/letter_template.h"

namespace cistern {

// config/letters.toml under the working directory when it exists, else the source tree's.
std::string DefaultLettersConfigPath();

// Reads, then checks with ValidateLetterTemplates: unknown keys and unknown merge fields are
// refused, and errors name the key ("template[2].paragraphs[1]").
Result<LetterTemplates> LoadLettersConfig(const std::string& path);

}  // namespace cistern
