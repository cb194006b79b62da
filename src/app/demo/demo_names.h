// Word lists for the demo city: common US names, Oklahoma-style street names, business names.
#pragma once

#include <string>
#include <vector>

namespace cistern::demo {

const std::vector<std::string>& FirstNames();
const std::vector<std::string>& LastNames();
const std::vector<std::string>& StreetNames();
const std::vector<std::string>& StreetTypes();
const std::vector<std::string>& BusinessWords();
const std::vector<std::string>& BusinessKinds();
const std::vector<std::string>& EmailDomains();
const std::vector<std::string>& NoteTexts();

}  // namespace cistern::demo
