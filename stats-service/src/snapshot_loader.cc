#include "stats-service/src/snapshot_loader.h"

#include <pqxx/pqxx>

#include "absl/strings/str_split.h"
#include "common/db/pq_errors.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "stats-service/src/force_comparison.h"
#include "figures_queries.h"  // generated: kSelectActiveFigures, kSelectSnapshotVersion

namespace foi::stats {

absl::StatusOr<std::shared_ptr<const FiguresSnapshot>> LoadSnapshot(db::ConnectionPool& pool) {
  FOI_ASSIGN_OR_RETURN(db::PooledConnection connection, pool.Acquire());
  try {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>
        txn(*connection);
    const pqxx::row version = txn.exec1(std::string(kSelectSnapshotVersion));
    std::vector<ReturnFigures> returns;
    for (const auto& row : txn.exec(std::string(kSelectActiveFigures))) {
      const std::string return_id = row[0].as<std::string>();
      if (returns.empty() || returns.back().return_id != return_id) {
        ReturnFigures figures;
        figures.return_id = return_id;
        figures.version = row[1].as<int>();
        figures.force_id = row[2].as<std::string>();
        figures.offence_id = row[3].as<std::string>();
        figures.period_start = ParseIsoDate(row[4].as<std::string>()).value_or(absl::CivilDay());
        figures.period_end = ParseIsoDate(row[5].as<std::string>()).value_or(absl::CivilDay());
        figures.total_reports = row[6].as<int64_t>();
        figures.not_yet_assigned = row[7].as<int64_t>();
        figures.suppression_threshold = row[8].as<int>();
        returns.push_back(std::move(figures));
      }
      FigureLine line;
      if (!row[9].is_null()) line.count = row[9].as<int64_t>();
      line.outcome_types = absl::StrSplit(row[10].as<std::string>(), ' ');
      line.mask = MaskOf(line.outcome_types);
      returns.back().lines.push_back(std::move(line));
    }
    return std::make_shared<const FiguresSnapshot>(std::move(returns), version[0].as<int64_t>(),
                                                   version[1].as<std::string>());
  } catch (const std::exception& error) {
    return db::StatusFromException(error);
  }
}

}  // namespace foi::stats
