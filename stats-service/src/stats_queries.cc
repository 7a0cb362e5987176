#include "stats-service/src/stats_queries.h"

#include <optional>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/error_info.h"
#include "common/field_violations.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "common/text_rules.h"

namespace foi::stats {
namespace {

class RequestChecker {
 public:
  explicit RequestChecker(const Catalog& catalog) : catalog_(catalog) {}

  void Offence(const std::string& offence_id) {
    if (catalog_.FindOffence(offence_id) == nullptr) {
      Add("offence_id", absl::StrCat("unknown offence ", QuoteForMessage(offence_id)));
    }
  }

  void Force(const std::string& force_id) {
    if (catalog_.FindForce(force_id) == nullptr) {
      Add("force_id", absl::StrCat("unknown force ", QuoteForMessage(force_id)));
    }
  }

  std::optional<Window> WindowOf(const std::string& start, const std::string& end,
                                 bool allow_partial) {
    const std::optional<absl::CivilDay> first = Date("period_start", start);
    const std::optional<absl::CivilDay> last = Date("period_end", end);
    if (first && last && *last < *first) {
      Add("period_end", "the window ends before it starts");
      return std::nullopt;
    }
    if (!first || !last) return std::nullopt;
    return Window{*first, *last, allow_partial};
  }

  std::set<std::string> NumeratorOf(const Numerator& numerator) {
    const bool by_group = !numerator.outcome_group.empty();
    const bool by_types = !numerator.outcome_types.empty();
    if (by_group == by_types) {
      Add("outcome_group", "give either outcome_group or outcome_types");
      return {};
    }
    if (by_group) {
      auto types = catalog_.OutcomeTypesOfGroup(numerator.outcome_group);
      if (!types) {
        Add("outcome_group",
            absl::StrCat("unknown outcome group ", QuoteForMessage(numerator.outcome_group)));
        return {};
      }
      return *types;
    }
    std::set<std::string> types;
    for (size_t i = 0; i < numerator.outcome_types.size(); ++i) {
      const std::string& code = numerator.outcome_types[i];
      if (catalog_.FindOutcomeType(code) == nullptr) {
        Add(absl::StrCat("outcome_types[", i, "]"),
            absl::StrCat("unknown outcome type ", QuoteForMessage(code)));
      }
      types.insert(code);
    }
    return types;
  }

  double Quantile(double confidence) {
    if (confidence == 0) confidence = kDefaultConfidence;
    if (!(confidence > 0 && confidence < 1)) {
      Add("confidence", "must lie between 0 and 1 (0 means 0.95)");
      return 0;
    }
    return TwoSidedNormalQuantile(confidence);
  }

  absl::Status Result() const {
    if (violations_.empty()) return absl::OkStatus();
    return InvalidArgumentWithViolations("invalid request", violations_);
  }

 private:
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }

  std::optional<absl::CivilDay> Date(const std::string& field, const std::string& text) {
    std::optional<absl::CivilDay> day = ParseIsoDate(text);
    if (!day)
      Add(field, absl::StrCat(QuoteForMessage(text), " is not a date in the form YYYY-MM-DD"));
    return day;
  }

  const Catalog& catalog_;
  std::vector<FieldViolation> violations_;
};

absl::Status NotReady() {
  return WithReason(absl::UnavailableError("the figures are still loading"), "NOT_READY");
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> StatsQueries::CurrentSnapshot() const {
  std::shared_ptr<const FiguresSnapshot> snapshot = snapshots_.Get();
  if (snapshot == nullptr) return NotReady();
  return snapshot;
}

absl::StatusOr<Answer<Comparison>> StatsQueries::Compare(
    const CompareRequest& request, std::shared_ptr<const FiguresSnapshot> snapshot) const {
  RequestChecker check(catalog_);
  check.Offence(request.offence_id);
  const std::optional<Window> window =
      check.WindowOf(request.period_start, request.period_end, request.allow_partial_periods);
  const std::set<std::string> numerator = check.NumeratorOf(request.numerator);
  const double z = check.Quantile(request.confidence);
  FOI_RETURN_IF_ERROR(check.Result());
  if (snapshot == nullptr) return NotReady();

  std::vector<std::string> force_ids;
  for (const Force& force : catalog_.forces()) force_ids.push_back(force.force_id);
  Comparison comparison = CompareForces(
      force_ids,
      [&](const std::string& force_id) {
        return snapshot->ReturnsOf(request.offence_id, force_id);
      },
      numerator, *window, z, request.funnel_method);
  return Answer<Comparison>{std::move(comparison), snapshot,
                            request.confidence == 0 ? kDefaultConfidence : request.confidence};
}

absl::StatusOr<Answer<Breakdown>> StatsQueries::BreakdownOfForce(
    const BreakdownRequest& request) const {
  RequestChecker check(catalog_);
  check.Force(request.force_id);
  check.Offence(request.offence_id);
  const std::optional<Window> window =
      check.WindowOf(request.period_start, request.period_end, request.allow_partial_periods);
  FOI_RETURN_IF_ERROR(check.Result());
  FOI_ASSIGN_OR_RETURN(std::shared_ptr<const FiguresSnapshot> snapshot, CurrentSnapshot());
  const Selection selection =
      SelectReturns(snapshot->ReturnsOf(request.offence_id, request.force_id), *window);
  return Answer<Breakdown>{BreakdownOf(selection.used, catalog_), snapshot};
}

absl::StatusOr<Answer<Trend>> StatsQueries::TrendOfOutcome(const TrendRequest& request) const {
  RequestChecker check(catalog_);
  if (!request.force_id.empty()) check.Force(request.force_id);
  check.Offence(request.offence_id);
  const std::set<std::string> numerator = check.NumeratorOf(request.numerator);
  const double z = check.Quantile(request.confidence);
  FOI_RETURN_IF_ERROR(check.Result());
  FOI_ASSIGN_OR_RETURN(std::shared_ptr<const FiguresSnapshot> snapshot, CurrentSnapshot());
  // An offence nothing replaced is a succession of one: following it adds nothing.
  const std::vector<std::string> offence_ids = request.follow_successors
                                                   ? SuccessionOf(catalog_, request.offence_id)
                                                   : std::vector<std::string>{request.offence_id};
  std::vector<OffenceReturns> succession;
  for (const std::string& offence_id : offence_ids) {
    succession.push_back({offence_id, request.force_id.empty()
                                          ? snapshot->ReturnsOfOffence(offence_id)
                                          : snapshot->ReturnsOf(offence_id, request.force_id)});
  }
  return Answer<Trend>{TrendOfSuccession(succession, request.year_kind, numerator, z), snapshot,
                       request.confidence == 0 ? kDefaultConfidence : request.confidence};
}

}  // namespace foi::stats
