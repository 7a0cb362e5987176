#include "stats-service/src/snapshot_loader.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "common/db/pg_array.h"
#include "common/db/pq_errors.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "figures_queries.h"  // generated: kSelectActiveFigures, kSelectSnapshotVersion

namespace foi::stats {
namespace {

using ReadOnlyTransaction =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

// The elements of a one-dimensional text array.
std::vector<std::string> TextArray(const pqxx::field& field) {
  std::vector<std::string> values;
  pqxx::array_parser parser = field.as_array();
  while (true) {
    auto [juncture, value] = parser.get_next();
    if (juncture == pqxx::array_parser::done) return values;
    if (juncture == pqxx::array_parser::string_value) values.push_back(std::move(value));
  }
}

// Builds returns from rows of select_active_figures.sql, one per line, grouped by return, fed a
// batch at a time; each return's effective period is set as it is read.
class FiguresReader {
 public:
  void Add(const pqxx::result& rows);
  FiguresSnapshot::Returns Take() { return std::move(returns_); }

 private:
  FiguresSnapshot::Returns returns_;
  std::shared_ptr<ReturnFigures> current_;
};

void FiguresReader::Add(const pqxx::result& rows) {
  std::shared_ptr<ReturnFigures>& current = current_;
  FiguresSnapshot::Returns& returns = returns_;
  for (const auto& row : rows) {
    const std::string return_id = row[0].as<std::string>();
    if (current == nullptr || current->return_id != return_id) {
      current = std::make_shared<ReturnFigures>();
      current->return_id = return_id;
      current->version = row[1].as<int>();
      current->force_id = row[2].as<std::string>();
      current->offence_id = row[3].as<std::string>();
      current->period_start = ParseIsoDate(row[4].as<std::string>()).value_or(absl::CivilDay());
      current->period_end = ParseIsoDate(row[5].as<std::string>()).value_or(absl::CivilDay());
      current->total_reports = row[6].as<int64_t>();
      current->not_yet_assigned = row[7].as<int64_t>();
      current->suppression_threshold = row[8].as<int>();
      current->unaccounted_reports = row[9].as<int64_t>();
      current->unknown_outcome_reports = row[10].as<int64_t>();
      current->exemptions = TextArray(row[11]);
      SetEffectivePeriod(
          *current, ParseIsoDate(row[12].as<std::string>()).value_or(absl::CivilDay()),
          row[13].is_null() ? std::nullopt : ParseIsoDate(row[13].as<std::string>()));
      returns.push_back(current);
    }
    if (row[15].is_null()) continue;  // a return with no lines
    FigureLine line;
    if (!row[14].is_null()) line.count = row[14].as<int64_t>();
    for (absl::string_view code : absl::StrSplit(row[15].c_str(), ' ')) {
      line.outcome_types |= OutcomeBit(code);
    }
    current->lines.push_back(std::move(line));
  }
}

// Rows at a time while the whole set is read, so a large database never sits in memory twice.
constexpr int kFetchBatch = 20000;

}  // namespace

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadSnapshot(db::ConnectionPool& pool) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    ReadOnlyTransaction txn(*connection);
    const pqxx::row version = txn.exec1(std::string(kSelectSnapshotVersion));
    txn.exec_params("DECLARE figures NO SCROLL CURSOR FOR " + std::string(kSelectActiveFigures),
                    nullptr);  // $1 NULL: every active return
    FiguresReader reader;
    while (true) {
      const pqxx::result batch = txn.exec(absl::StrCat("FETCH ", kFetchBatch, " FROM figures"));
      if (batch.empty()) break;
      reader.Add(batch);
    }
    return std::make_shared<const FiguresSnapshot>(reader.Take(), version[0].as<int64_t>(),
                                                   absl::FromUnixMicros(version[1].as<int64_t>()));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadChanges(
    db::ConnectionPool& pool, const FiguresSnapshot& base,
    const std::set<std::string>& changed_ids) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    ReadOnlyTransaction txn(*connection);
    const pqxx::row version = txn.exec1(std::string(kSelectSnapshotVersion));
    const pqxx::result rows =
        txn.exec_params(std::string(kSelectActiveFigures),
                        db::TextArrayLiteral({changed_ids.begin(), changed_ids.end()}));
    FiguresReader reader;
    reader.Add(rows);
    return base.WithChanges(changed_ids, reader.Take(), version[0].as<int64_t>(),
                            absl::FromUnixMicros(version[1].as<int64_t>()));
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::stats
