// File: cli/comparison_text.h
//
// A comparison in words: the method that drew its funnel limits and the overdispersion it
// estimated, each force's figures and position, and the caption of its funnel plot. `foictl
// compare` prints the method and estimate under its table; the funnel plot says the same in its
// caption, in the same words.
//
//   FunnelMethodName(foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS)  // "additive random effects"
//   OverdispersionText(response, Symbols::kAscii)
//       // "phi 3.79, tau^2 0.004: applied (estimated from 13 forces)"
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "foi/v1/stats_service.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace foi::cli {

// The method in words; FUNNEL_METHOD_UNSPECIFIED reads as the binomial it stands for.
std::string FunnelMethodName(foi::v1::FunnelMethod method);

// How phi and tau squared are written: "phi", "tau^2" for a terminal, "φ =", "τ² =" for print.
enum class Symbols { kAscii, kGreek };

// phi and tau squared, whether the limits were widened by them, and from how many forces they
// were estimated (the binomial methods estimate nothing).
std::string OverdispersionText(const foi::v1::CompareForcesResponse& comparison, Symbols symbols);

// ISO-8601 UTC to the millisecond: 2017-05-02T09:30:00.123Z.
std::string AsOfText(const google::protobuf::Timestamp& as_of);

// A rate as a percentage to a tenth (0.8045: "80.5%"); a count with its thousands separated
// (1176: "1,176").
std::string PercentText(double rate);
std::string CountText(int64_t count);

// Where a rate lies against the funnel limits: "above the 95% limit, within the 99.8% one".
std::string PositionPhrase(foi::v1::FunnelPosition position);

// One force's figures under `name`: its rate (or possible rates), count and reports, its
// interval at `confidence` and its position. "Lancashire Constabulary: 80.5% (177 of 220
// reports); 95% CI 74.7% to 85.2%; above the 95% limit, within the 99.8% one".
std::string ForceFiguresText(const std::string& name, const foi::v1::ForceComparison& row,
                             double confidence);

// The funnel plot's caption, a paragraph each: the method and its overdispersion estimate; the
// national rate; the forces not shown; the forces `unlabelled` (for lack of room); the snapshot.
std::vector<std::string> FunnelCaption(const foi::v1::CompareForcesResponse& comparison,
                                       const std::vector<std::string>& unlabelled);

}  // namespace foi::cli
