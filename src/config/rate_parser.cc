#include "config/rate_parser.h"

#include "config/rate_config.h"

namespace cistern {
namespace {

class TomlParser final : public RateFileParser {
 public:
  Result<std::vector<RateVersion>> Parse(std::string_view text,
                                         std::string_view name) const override {
    CISTERN_ASSIGN_OR_RETURN(RateVersion version,
                             ParseRateVersion(std::string(text), std::string(name)));
    std::vector<RateVersion> versions;
    versions.push_back(std::move(version));
    return versions;
  }
};

}  // namespace

const RateFileParser& TomlRateFileParser() {
  static const TomlParser parser;
  return parser;
}

}  // namespace cistern
