#include "cli/comparison_text.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "google/protobuf/util/time_util.h"

namespace foi::cli {

using foi::v1::CompareForcesResponse;
using foi::v1::ForceComparison;

std::string FunnelMethodName(foi::v1::FunnelMethod method) {
  switch (method) {
    case foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL:
      return "exact binomial";
    case foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS:
      return "additive random effects";
    case foi::v1::FUNNEL_METHOD_MULTIPLICATIVE:
      return "multiplicative overdispersion";
    default:
      return "binomial (normal approximation)";
  }
}

std::string OverdispersionText(const CompareForcesResponse& comparison, Symbols symbols) {
  const foi::v1::Overdispersion& estimate = comparison.overdispersion();
  const bool greek = symbols == Symbols::kGreek;
  const std::string values =
      absl::StrFormat("%s %.3g, %s %.3g", greek ? "φ =" : "phi", estimate.phi(),
                      greek ? "τ² =" : "tau^2", estimate.tau_squared());
  switch (comparison.funnel_method()) {
    case foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS:
    case foi::v1::FUNNEL_METHOD_MULTIPLICATIVE:
      return absl::StrFormat("%s: %s (estimated from %d forces)", values,
                             estimate.applied() ? "applied" : "not applied",
                             estimate.forces_used());
    default:
      return absl::StrCat(values, ": not applied (the binomial limits estimate none)");
  }
}

std::string AsOfText(const google::protobuf::Timestamp& as_of) {
  const absl::Time time =
      absl::FromUnixMicros(google::protobuf::util::TimeUtil::TimestampToMicroseconds(as_of));
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", time, absl::UTCTimeZone());
}

std::string PercentText(double rate) { return absl::StrFormat("%.1f%%", 100 * rate); }

std::string CountText(int64_t count) {
  const std::string digits = std::to_string(count);
  const size_t sign = count < 0 ? 1 : 0;
  std::string text = digits.substr(0, sign);
  for (size_t i = sign; i < digits.size(); ++i) {
    if (i > sign && (digits.size() - i) % 3 == 0) text += ',';
    text += digits[i];
  }
  return text;
}

std::string PositionPhrase(foi::v1::FunnelPosition position) {
  switch (position) {
    case foi::v1::FUNNEL_POSITION_ABOVE_998:
      return "above the 99.8% limit";
    case foi::v1::FUNNEL_POSITION_ABOVE_95:
      return "above the 95% limit, within the 99.8% one";
    case foi::v1::FUNNEL_POSITION_WITHIN:
      return "within the 95% limits";
    case foi::v1::FUNNEL_POSITION_BELOW_95:
      return "below the 95% limit, within the 99.8% one";
    case foi::v1::FUNNEL_POSITION_BELOW_998:
      return "below the 99.8% limit";
    case foi::v1::FUNNEL_POSITION_UNDETERMINED:
      return "undetermined: its possible rates cross a 95% limit";
    default:
      return "not placed against the limits";
  }
}

std::string ForceFiguresText(const std::string& name, const ForceComparison& row,
                             double confidence) {
  const std::string figures =
      row.has_rate()
          ? absl::StrFormat("%s (%s of %s reports)", PercentText(row.rate()),
                            CountText(row.count()), CountText(row.reports()))
          : absl::StrFormat("%s to %s (%s to %s of %s reports: the figures leave the count open)",
                            PercentText(row.rate_min()), PercentText(row.rate_max()),
                            CountText(row.count_min()), CountText(row.count_max()),
                            CountText(row.reports()));
  const std::string interval =
      row.has_ci_lower() ? absl::StrFormat("; %g%% CI %s to %s", 100 * confidence,
                                           PercentText(row.ci_lower()), PercentText(row.ci_upper()))
                         : "";
  return absl::StrCat(name, ": ", figures, interval, "; ", PositionPhrase(row.funnel_position()));
}

namespace {

std::string NationalParagraph(const CompareForcesResponse& comparison) {
  const ForceComparison& national = comparison.national();
  if (!national.has_rate()) {
    return "No force's figures fix its count: there is no national rate to draw limits around.";
  }
  int exact = 0;
  bool inexact = false;
  for (const ForceComparison& row : comparison.rows()) {
    if (row.reports() <= 0) continue;
    exact += row.has_rate();
    inexact |= !row.has_rate();
  }
  std::string text = absl::StrFormat(
      "National rate %s: %s of %s reports, the %d forces whose figures fix the count pooled",
      PercentText(national.rate()), CountText(national.count()), CountText(national.reports()),
      exact);
  if (inexact) {
    absl::StrAppendFormat(&text, "; with every force's figures, between %s and %s",
                          PercentText(national.rate_min()), PercentText(national.rate_max()));
  }
  return text + ".";
}

// "Forces not shown: 28 with no return in the window; 1 with no reports.", or empty.
std::string NotShownParagraph(const CompareForcesResponse& comparison) {
  int no_return = 0, not_covered = 0, no_reports = 0;
  for (const foi::v1::Exclusion& exclusion : comparison.excluded()) {
    no_return += exclusion.reason() == foi::v1::EXCLUSION_REASON_NO_RETURN;
    not_covered += exclusion.reason() == foi::v1::EXCLUSION_REASON_PERIOD_NOT_COVERED;
  }
  for (const ForceComparison& row : comparison.rows()) no_reports += row.reports() <= 0;
  std::vector<std::string> not_shown;
  if (no_return > 0) not_shown.push_back(absl::StrCat(no_return, " with no return in the window"));
  if (not_covered > 0) {
    not_shown.push_back(absl::StrCat(not_covered, " whose returns do not cover the window"));
  }
  if (no_reports > 0) not_shown.push_back(absl::StrCat(no_reports, " with no reports"));
  if (not_shown.empty()) return "";
  return absl::StrCat("Forces not shown: ", absl::StrJoin(not_shown, "; "), ".");
}

}  // namespace

std::vector<std::string> FunnelCaption(const CompareForcesResponse& comparison,
                                       const std::vector<std::string>& unlabelled) {
  std::vector<std::string> paragraphs = {
      absl::StrCat("Funnel limits: ", FunnelMethodName(comparison.funnel_method()),
                   ", 95% and 99.8%, around the national rate; ",
                   OverdispersionText(comparison, Symbols::kGreek), "."),
      NationalParagraph(comparison)};
  if (std::string not_shown = NotShownParagraph(comparison); !not_shown.empty()) {
    paragraphs.push_back(not_shown);
  }
  if (!unlabelled.empty()) {
    paragraphs.push_back(absl::StrCat("Not labelled for lack of room (within the 95% limits): ",
                                      absl::StrJoin(unlabelled, ", "), "."));
  }
  paragraphs.push_back(absl::StrFormat("Data version %d, as of %s.", comparison.data_version(),
                                       AsOfText(comparison.as_of())));
  return paragraphs;
}

}  // namespace foi::cli
