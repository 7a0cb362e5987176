#include "ingest-service/src/return_validator.h"

#include <algorithm>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/iso_date.h"
#include "common/text_rules.h"

namespace foi::ingest {
namespace {

size_t EditDistance(absl::string_view a, absl::string_view b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

class Checker {
 public:
  void Add(std::string field, std::string description) {
    violations_.push_back({std::move(field), std::move(description)});
  }
  std::vector<FieldViolation> Take() { return std::move(violations_); }

  // Flags text that breaks `rule` (text_rules.h). Returns whether it met it.
  bool CheckText(const std::string& field, absl::string_view text, TextRule rule) {
    std::string problem = TextProblem(text, rule);
    if (problem.empty()) return true;
    Add(field, std::move(problem));
    return false;
  }

  std::optional<absl::CivilDay> CheckDate(const std::string& field, absl::string_view text) {
    if (text.empty()) {
      Add(field, "is required (YYYY-MM-DD)");
      return std::nullopt;
    }
    std::optional<absl::CivilDay> day = ParseIsoDate(text);
    if (!day) {
      Add(field, absl::StrCat(QuoteForMessage(text), " is not a date in the form YYYY-MM-DD"));
    } else if (*day < kEarliestDate) {
      Add(field, absl::StrCat(text, " is before ", FormatIsoDate(kEarliestDate),
                              ", earlier than any return can be"));
      return std::nullopt;
    }
    return day;
  }

 private:
  std::vector<FieldViolation> violations_;
};

std::string UnknownIdMessage(absl::string_view kind, absl::string_view id,
                             const std::vector<std::string>& known) {
  std::string message = absl::StrCat("unknown ", kind, " ", QuoteForMessage(id));
  if (std::string nearest = NearestMatch(id, known); !nearest.empty()) {
    absl::StrAppend(&message, "; did you mean '", nearest, "'?");
  }
  return message;
}

// Checks that `id` is given, well-formed and names one of `known`.
void CheckId(const std::string& field, absl::string_view kind, const std::string& id,
             const std::vector<std::string>& known, Checker& check) {
  if (id.empty()) {
    check.Add(field, "is required");
  } else if (check.CheckText(field, id, kIdentifierText) &&
             std::find(known.begin(), known.end(), id) == known.end()) {
    check.Add(field, UnknownIdMessage(kind, id, known));
  }
}

void CheckReferences(const FoiReturn& r, const Catalog& catalog, Checker& check) {
  std::vector<std::string> forces, offences;
  for (const Force& force : catalog.forces()) forces.push_back(force.force_id);
  for (const Offence& offence : catalog.offences()) offences.push_back(offence.offence_id);
  CheckId("force_id", "force", r.force_id, forces, check);
  CheckId("offence_id", "offence", r.offence_id, offences, check);
}

void CheckPeriod(const FoiReturn& r, absl::CivilDay today, Checker& check) {
  const std::optional<absl::CivilDay> start = check.CheckDate("period_start", r.period_start);
  const std::optional<absl::CivilDay> end = check.CheckDate("period_end", r.period_end);
  if (!r.received_on.empty()) check.CheckDate("received_on", r.received_on);
  if (end && *end > today) {
    check.Add("period_end", absl::StrCat("ends in the future (", r.period_end, ", today is ",
                                         FormatIsoDate(today), ")"));
  }
  if (start && end && *end < *start) {
    check.Add("period_end",
              absl::StrCat("is before period_start (", r.period_end, " < ", r.period_start, ")"));
  }
  if (start && end && *end >= *start &&
      *end >= absl::CivilDay(start->year() + kMaxPeriodYears, start->month(), start->day())) {
    check.Add("period_end", absl::StrCat("the period is longer than ", kMaxPeriodYears, " years"));
  }
}

// A return may have no lines: a refusal, or a reply that gives only a total, explains its
// reports as not yet assigned, unaccounted or unknown (CheckTotals).
void CheckLines(const FoiReturn& r, const Catalog& catalog, Checker& check) {
  std::vector<std::string> known_types;
  for (const OutcomeType& type : catalog.outcome_types()) known_types.push_back(type.code);
  // Where each outcome type was first counted, to catch a type counted twice.
  std::map<std::string, std::string> first_seen;
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const ReturnLine& line = r.lines[i];
    const std::string path = absl::StrCat("lines[", i, "]");
    if (line.outcome_types.empty()) {
      check.Add(absl::StrCat(path, ".outcome_types"), "a line needs at least one outcome type");
    }
    for (size_t j = 0; j < line.outcome_types.size(); ++j) {
      const std::string& code = line.outcome_types[j];
      const std::string type_path = absl::StrCat(path, ".outcome_types[", j, "]");
      if (!check.CheckText(type_path, code, kIdentifierText)) continue;
      if (catalog.FindOutcomeType(code) == nullptr) {
        check.Add(type_path, UnknownIdMessage("outcome type", code, known_types));
        continue;
      }
      auto [seen, inserted] = first_seen.emplace(code, type_path);
      if (!inserted) {
        check.Add(type_path, absl::StrCat("outcome type ", code, " is already counted at ",
                                          seen->second, "; each type may be counted once"));
      }
    }
    if (line.suppressed && line.count.has_value()) {
      check.Add(absl::StrCat(path, ".count"), "a withheld (suppressed) figure must have no count");
    }
    if (!line.suppressed && !line.count.has_value()) {
      check.Add(absl::StrCat(path, ".count"), "is required unless the figure is suppressed");
    }
    if (line.count.has_value() && *line.count < 0) {
      check.Add(absl::StrCat(path, ".count"),
                absl::StrCat("must not be negative (", *line.count, ")"));
    }
    if (line.count.has_value() && *line.count > kMaxFigure) {
      check.Add(absl::StrCat(path, ".count"),
                absl::StrCat("is implausibly large (over ", kMaxFigure, ")"));
    }
    check.CheckText(absl::StrCat(path, ".label"), line.label, kLabelText);
  }
}

void CheckTotals(const FoiReturn& r, Checker& check) {
  bool counts_usable = true;
  for (const auto& [field, value] :
       {std::pair{"total_reports", r.total_reports},
        std::pair{"not_yet_assigned", r.not_yet_assigned},
        std::pair{"unaccounted_reports", r.unaccounted_reports},
        std::pair{"unknown_outcome_reports", r.unknown_outcome_reports}}) {
    if (value < 0) {
      check.Add(field, absl::StrCat("must not be negative (", value, ")"));
      counts_usable = false;
    } else if (value > kMaxFigure) {
      check.Add(field, absl::StrCat("is implausibly large (over ", kMaxFigure, ")"));
      counts_usable = false;
    }
  }
  if (r.suppression_threshold < 1 || r.suppression_threshold > kMaxSuppressionThreshold) {
    check.Add("suppression_threshold",
              absl::StrCat("must be between 1 and ", kMaxSuppressionThreshold));
    counts_usable = false;
  }
  int64_t known = 0;
  int64_t withheld = 0;
  for (const ReturnLine& line : r.lines) {
    if (line.count.has_value()) {
      if (*line.count < 0 || *line.count > kMaxFigure) {
        counts_usable = false;
        continue;
      }
      known += *line.count;
    } else if (line.suppressed) {
      ++withheld;
    }
  }
  if (!counts_usable) return;
  const int64_t fixed =
      known + r.not_yet_assigned + r.unaccounted_reports + r.unknown_outcome_reports;
  const int64_t low = fixed + withheld;
  const int64_t high = fixed + withheld * r.suppression_threshold;
  if (r.total_reports >= low && r.total_reports <= high) return;
  const std::string sum = absl::StrCat(
      "lines (", known, withheld > 0 ? absl::StrCat(" + ", withheld, " withheld") : "",
      ") + not_yet_assigned (", r.not_yet_assigned, ") + unaccounted_reports (",
      r.unaccounted_reports, ") + unknown_outcome_reports (", r.unknown_outcome_reports, ")");
  const std::string range =
      withheld == 0 ? absl::StrCat("= ", fixed) : absl::StrCat("lie between ", low, " and ", high);
  if (r.total_reports > high) {
    // Most often an honest gap: say how large, and which field records it.
    check.Add("total_reports",
              absl::StrCat(sum, " ", range, ", so ", r.total_reports - high, " of total_reports (",
                           r.total_reports,
                           ") are unexplained: if the reply does not break them down, record "
                           "them in unaccounted_reports; if it gives them without an outcome, "
                           "in unknown_outcome_reports"));
  } else {
    check.Add("total_reports",
              absl::StrCat(sum, " ", range, ", more than total_reports (", r.total_reports, ")"));
  }
}

// The sections of the Freedom of Information Act 2000 a force may cite for not giving
// information: s1 (not held), s12 (cost limit), s14 (vexatious or repeated) and the
// exemptions of Part II.
const std::vector<std::string>& KnownSections() {
  static const auto* const kSections = new std::vector<std::string>{
      "1",  "12", "14", "21", "22", "22A", "23", "24", "26", "27", "28", "29", "30", "31",
      "32", "33", "34", "35", "36", "37",  "38", "39", "40", "41", "42", "43", "44"};
  return *kSections;
}

// An exemption as replies write it: "s" and a section, then any subsections in brackets:
// "s12", "s22A", "s40(2)", "s31(1)(a)", "s40(3A)(a)(i)". Returns the section, or empty when
// the form is wrong.
std::string SectionOf(absl::string_view exemption) {
  if (!absl::ConsumePrefix(&exemption, "s")) return "";
  size_t digits = 0;
  while (digits < exemption.size() && absl::ascii_isdigit(exemption[digits])) ++digits;
  if (digits == 0 || digits > 2) return "";
  size_t end = digits;
  if (end < exemption.size() && absl::ascii_isupper(exemption[end])) ++end;
  const std::string section(exemption.substr(0, end));
  exemption.remove_prefix(end);
  while (!exemption.empty()) {
    const size_t close = exemption.find(')');
    if (exemption[0] != '(' || close == absl::string_view::npos || close < 2 || close > 5) {
      return "";
    }
    for (char c : exemption.substr(1, close - 1)) {
      if (!absl::ascii_isalnum(c)) return "";
    }
    exemption.remove_prefix(close + 1);
  }
  return section;
}

void CheckExemptions(const FoiReturn& r, Checker& check) {
  std::vector<std::string> known;
  for (const std::string& section : KnownSections()) known.push_back("s" + section);
  for (size_t i = 0; i < r.exemptions.size(); ++i) {
    const std::string field = absl::StrCat("exemptions[", i, "]");
    const std::string& exemption = r.exemptions[i];
    if (!check.CheckText(field, exemption, kIdentifierText)) continue;
    const std::string section = SectionOf(exemption);
    if (section.empty()) {
      std::string digits;
      for (char c : exemption) {
        if (absl::ascii_isdigit(c) || (!digits.empty() && absl::ascii_isupper(c))) {
          digits += c;
        } else if (!digits.empty()) {
          break;
        }
      }
      check.Add(field, absl::StrCat(QuoteForMessage(exemption),
                                    " is not a section of the Freedom of Information Act 2000 "
                                    "written as s<section>(<subsection>)...",
                                    digits.empty() ? "" : absl::StrCat(", e.g. s", digits)));
    } else if (std::find(KnownSections().begin(), KnownSections().end(), section) ==
               KnownSections().end()) {
      std::string message =
          absl::StrCat("s", section,
                       " is not a section of the Freedom of Information Act 2000 under which "
                       "information is withheld");
      if (std::string nearest = NearestMatch("s" + section, known); !nearest.empty()) {
        absl::StrAppend(&message, "; did you mean ", nearest, "?");
      }
      check.Add(field, std::move(message));
    }
  }
}

}  // namespace

std::string NearestMatch(absl::string_view unknown, const std::vector<std::string>& candidates) {
  std::string best;
  if (unknown.size() > 64) return best;  // no id is this long; spare the edit distances
  size_t best_distance = std::max<size_t>(2, unknown.size() / 4) + 1;
  for (const std::string& candidate : candidates) {
    const size_t distance = EditDistance(unknown, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::vector<FieldViolation> ValidateReturn(const FoiReturn& foi_return, const Catalog& catalog,
                                           absl::CivilDay today) {
  Checker check;
  CheckReferences(foi_return, catalog, check);
  CheckPeriod(foi_return, today, check);
  CheckLines(foi_return, catalog, check);
  CheckTotals(foi_return, check);
  CheckExemptions(foi_return, check);
  check.CheckText("foi_reference", foi_return.foi_reference, kReferenceText);
  return check.Take();
}

std::vector<Warning> WarningsFor(const FoiReturn& r, const Catalog& catalog) {
  std::vector<Warning> warnings;
  const std::optional<absl::CivilDay> start = ParseIsoDate(r.period_start);
  const std::optional<absl::CivilDay> end = ParseIsoDate(r.period_end);
  const Offence* offence = catalog.FindOffence(r.offence_id);
  if (offence != nullptr && start && *start < offence->in_force_from) {
    warnings.push_back(
        {"period_start",
         absl::StrCat("starts before the offence came into force on ",
                      FormatIsoDate(offence->in_force_from),
                      ": no report of it can be earlier, so the figures count from then")});
  }
  if (offence != nullptr && end && offence->in_force_until && *end > *offence->in_force_until) {
    warnings.push_back({"period_end", absl::StrCat("ends after the offence's last day in force, ",
                                                   FormatIsoDate(*offence->in_force_until),
                                                   offence->succeeded_by.empty()
                                                       ? std::string()
                                                       : absl::StrCat(" (", offence->succeeded_by,
                                                                      " replaced it)"),
                                                   ": the figures count to then")});
  }
  for (size_t i = 0; start && i < r.lines.size(); ++i) {
    for (size_t j = 0; j < r.lines[i].outcome_types.size(); ++j) {
      const OutcomeType* type = catalog.FindOutcomeType(r.lines[i].outcome_types[j]);
      if (type == nullptr || type->introduced_on <= *start) continue;
      warnings.push_back(
          {absl::StrCat("lines[", i, "].outcome_types[", j, "]"),
           absl::StrCat("outcome type ", type->code, " exists only from ",
                        FormatIsoDate(type->introduced_on), ", after the period starts (",
                        r.period_start, "): check how the force mapped its outcomes")});
    }
  }
  // Only figures validation accepts are compared (no sum here can overflow).
  const auto plausible = [](int64_t figure) { return figure >= 0 && figure <= kMaxFigure; };
  const bool comparable = plausible(r.total_reports) && plausible(r.unaccounted_reports) &&
                          plausible(r.unknown_outcome_reports);
  const int64_t unexplained = comparable ? r.unaccounted_reports + r.unknown_outcome_reports : 0;
  if (comparable && r.total_reports > 0 && 2 * unexplained > r.total_reports) {
    warnings.push_back(
        {r.unaccounted_reports >= r.unknown_outcome_reports ? "unaccounted_reports"
                                                            : "unknown_outcome_reports",
         absl::StrCat(unexplained, " of ", r.total_reports,
                      " reports are not broken down or have no stated outcome: a comparison can "
                      "say little about this return beyond its total")});
  }
  return warnings;
}

}  // namespace foi::ingest
