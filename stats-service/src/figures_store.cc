#include "stats-service/src/figures_store.h"

#include <pqxx/pqxx>

#include "absl/strings/str_split.h"
#include "common/db/pq_errors.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "figures_queries.h"  // generated: kSelectActiveFigures

namespace foi::stats {

absl::StatusOr<std::vector<ReturnFigures>> FiguresStore::ActiveReturnsInside(
    const std::string& offence_id, absl::CivilDay window_start, absl::CivilDay window_end) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool_.Acquire());
  std::vector<ReturnFigures> returns;
  try {
    pqxx::read_transaction txn(*connection);
    const pqxx::result rows = txn.exec_params(std::string(kSelectActiveFigures), offence_id,
                                              FormatIsoDate(window_start),
                                              FormatIsoDate(window_end));
    for (const auto& row : rows) {
      const std::string return_id = row[0].as<std::string>();
      const int version = row[1].as<int>();
      if (returns.empty() || returns.back().return_id != return_id ||
          returns.back().version != version) {
        ReturnFigures figures;
        figures.return_id = return_id;
        figures.version = version;
        figures.force_id = row[2].as<std::string>();
        figures.period_start = ParseIsoDate(row[3].as<std::string>()).value_or(absl::CivilDay());
        figures.period_end = ParseIsoDate(row[4].as<std::string>()).value_or(absl::CivilDay());
        figures.total_reports = row[5].as<int64_t>();
        figures.not_yet_assigned = row[6].as<int64_t>();
        figures.suppression_threshold = row[7].as<int>();
        returns.push_back(std::move(figures));
      }
      FigureLine line;
      if (!row[9].is_null()) line.count = row[9].as<int64_t>();
      line.outcome_types = absl::StrSplit(row[10].as<std::string>(), ' ');
      returns.back().lines.push_back(std::move(line));
    }
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
  return returns;
}

}  // namespace foi::stats
