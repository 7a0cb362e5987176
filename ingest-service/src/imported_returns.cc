#include "ingest-service/src/imported_returns.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/db/pg_array.h"
#include "common/uuid.h"
#include "return_queries.h"  // generated: one constant per queries/*.sql

namespace foi::ingest {
namespace {

// The columns each COPY fills, in the order its rows give them.
const std::vector<std::string> kReturnColumns = {"return_id",
                                                 "version",
                                                 "status",
                                                 "force_id",
                                                 "offence_id",
                                                 "period_start",
                                                 "period_end",
                                                 "total_reports",
                                                 "not_yet_assigned",
                                                 "foi_reference",
                                                 "received_on",
                                                 "suppression_threshold",
                                                 "created_by",
                                                 "source",
                                                 "unaccounted_reports",
                                                 "unknown_outcome_reports",
                                                 "exemptions"};
const std::vector<std::string> kLineColumns = {"return_id",  "version", "line_no",      "count",
                                               "suppressed", "label",   "outcome_types"};

// What the import assumes of every return it stores: the threshold most forces use.
constexpr int kImportedSuppressionThreshold = 4;

std::string ArrayLiteral(const std::vector<std::string>& values) {
  return db::TextArrayLiteral(
      std::vector<std::optional<std::string>>(values.begin(), values.end()));
}

}  // namespace

void ImportedReturns::Add(const AssembledReturn& assembled) {
  const FoiReturn& r = assembled.foi_return;
  returns_.push_back({.return_id = NewUuid(),
                      .force_id = texts_.Of(r.force_id),
                      .offence_id = texts_.Of(r.offence_id),
                      .period_start = r.period_start,
                      .period_end = r.period_end,
                      .foi_reference = r.foi_reference,
                      .received_on = r.received_on,
                      .total_reports = r.total_reports,
                      .not_yet_assigned = r.not_yet_assigned,
                      .unaccounted_reports = r.unaccounted_reports,
                      .unknown_outcome_reports = r.unknown_outcome_reports,
                      .exemptions = r.exemptions,
                      .first_row = assembled.first_row,
                      .first_line = lines_.size(),
                      .line_count = r.lines.size()});
  for (const ReturnLine& line : r.lines) {
    lines_.push_back({.outcome_types = texts_.Of(ArrayLiteral(line.outcome_types)),
                      .label = texts_.Of(line.label),
                      .count = line.count});
  }
}

std::vector<ImportOverlap> ImportedReturns::OverlapsWithinFile() const {
  // Sorted by start within each force and offence, a return overlaps an earlier one exactly
  // when it starts on or before the latest end seen so far: one sort, not every pair.
  std::vector<size_t> order(returns_.size());
  std::iota(order.begin(), order.end(), 0);
  const auto sort_key = [this](size_t i) {
    const Return& r = returns_[i];
    return std::tie(texts_[r.force_id], texts_[r.offence_id], r.period_start, r.first_row);
  };
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return sort_key(a) < sort_key(b); });
  std::vector<ImportOverlap> overlaps;
  const Return* previous = nullptr;
  std::string latest_end;
  for (const size_t i : order) {
    const Return& r = returns_[i];
    const bool same_pair = previous != nullptr && previous->force_id == r.force_id &&
                           previous->offence_id == r.offence_id;
    if (same_pair && r.period_start <= latest_end) {
      overlaps.push_back(
          {r.first_row, absl::StrCat("another return of this file that ends on ", latest_end)});
    }
    if (!same_pair || r.period_end > latest_end) latest_end = r.period_end;
    previous = &r;
  }
  std::sort(overlaps.begin(), overlaps.end());
  return overlaps;
}

std::vector<ImportOverlap> ImportedReturns::OverlapsWithStored(pqxx::transaction_base& txn,
                                                               int64_t limit) const {
  std::vector<std::optional<std::string>> force_ids, offence_ids, starts, ends;
  std::vector<std::optional<int64_t>> first_rows;
  for (const Return& r : returns_) {
    force_ids.push_back(texts_[r.force_id]);
    offence_ids.push_back(texts_[r.offence_id]);
    starts.push_back(r.period_start);
    ends.push_back(r.period_end);
    first_rows.push_back(r.first_row);
  }
  std::vector<ImportOverlap> overlaps;
  for (const auto& row :
       txn.exec_params(std::string(kSelectImportOverlaps), db::TextArrayLiteral(force_ids),
                       db::TextArrayLiteral(offence_ids), db::TextArrayLiteral(starts),
                       db::TextArrayLiteral(ends), db::IntArrayLiteral(first_rows), limit)) {
    overlaps.push_back({row[0].as<int64_t>(), row[1].as<std::string>()});
  }
  return overlaps;
}

void ImportedReturns::BeginWrite(pqxx::transaction_base& txn, const std::string& key_id,
                                 const std::string& source) {
  key_id_ = key_id;
  source_ = source;
  versions_ = std::make_unique<pqxx::stream_to>(txn, "foi_returns", kReturnColumns);
  versions_sent_ = 0;
}

void ImportedReturns::WriteAdded() {
  for (; versions_sent_ < returns_.size(); ++versions_sent_) {
    const Return& r = returns_[versions_sent_];
    *versions_ << std::make_tuple(
        r.return_id, 1, "active", texts_[r.force_id], texts_[r.offence_id], r.period_start,
        r.period_end, r.total_reports, r.not_yet_assigned, r.foi_reference,
        r.received_on.empty() ? nullptr : r.received_on.c_str(), kImportedSuppressionThreshold,
        key_id_, source_, r.unaccounted_reports, r.unknown_outcome_reports,
        ArrayLiteral(r.exemptions));
  }
}

void ImportedReturns::EndWrite(pqxx::transaction_base& txn, const std::string& file) {
  WriteAdded();
  // Let go of the COPY even when closing it throws: the transaction can then be used again.
  const std::unique_ptr<pqxx::stream_to> versions = std::move(versions_);
  versions->complete();
  {
    pqxx::stream_to lines(txn, "return_lines", kLineColumns);
    for (const Return& r : returns_) {
      for (size_t i = 0; i < r.line_count; ++i) {
        const Line& line = lines_[r.first_line + i];
        const std::string count = line.count ? std::to_string(*line.count) : "";
        lines << std::make_tuple(r.return_id, 1, static_cast<int64_t>(i),
                                 line.count ? count.c_str() : nullptr, !line.count.has_value(),
                                 texts_[line.label], texts_[line.outcome_types]);
      }
    }
    lines.complete();
  }
  std::vector<std::optional<std::string>> return_ids;
  return_ids.reserve(returns_.size());
  for (const Return& r : returns_) return_ids.push_back(r.return_id);
  txn.exec_params(std::string(kInsertImportAudit), key_id_, file, db::TextArrayLiteral(return_ids));
}

void ImportedReturns::AbandonWrite() {
  if (versions_ == nullptr) return;
  try {
    versions_->complete();
  } catch (const std::exception&) {
    // What the COPY held is rolled back with the transaction; its error changes nothing.
  }
  versions_.reset();
}

std::vector<FoiReturn> ImportedReturns::FirstInFileOrder(int64_t limit, bool with_ids) const {
  std::vector<size_t> order(returns_.size());
  std::iota(order.begin(), order.end(), 0);
  const size_t listed = std::min(order.size(), static_cast<size_t>(std::max<int64_t>(limit, 0)));
  std::partial_sort(order.begin(), order.begin() + listed, order.end(), [this](size_t a, size_t b) {
    return returns_[a].first_row < returns_[b].first_row;
  });
  std::vector<FoiReturn> first;
  for (size_t k = 0; k < listed; ++k) {
    const Return& r = returns_[order[k]];
    FoiReturn listed_return;
    if (with_ids) {
      listed_return.return_id = r.return_id;
      listed_return.version = 1;
      listed_return.status = ReturnStatus::kActive;
    }
    listed_return.force_id = texts_[r.force_id];
    listed_return.offence_id = texts_[r.offence_id];
    listed_return.period_start = r.period_start;
    listed_return.period_end = r.period_end;
    listed_return.foi_reference = r.foi_reference;
    listed_return.received_on = r.received_on;
    listed_return.total_reports = r.total_reports;
    listed_return.not_yet_assigned = r.not_yet_assigned;
    listed_return.unaccounted_reports = r.unaccounted_reports;
    listed_return.unknown_outcome_reports = r.unknown_outcome_reports;
    listed_return.exemptions = r.exemptions;
    first.push_back(std::move(listed_return));
  }
  return first;
}

}  // namespace foi::ingest
