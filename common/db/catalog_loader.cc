#include "common/db/catalog_loader.h"

#include <pqxx/pqxx>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "catalog_queries.h"  // generated: kSelectForces, kSelectOffences...
#include "common/db/pq_errors.h"
#include "common/iso_date.h"
#include "common/status_macros.h"

namespace foi::db {
namespace {

std::optional<absl::CivilDay> OptionalDate(const pqxx::field& field) {
  return ParseIsoDate(field.as<std::string>());
}

}  // namespace

absl::StatusOr<Catalog> LoadCatalog(ConnectionPool& pool) {
  FOI_ASSIGN_OR_RETURN(PooledConnection connection, pool.Acquire());
  std::vector<Force> forces;
  std::vector<Offence> offences;
  std::vector<OutcomeType> outcome_types;
  std::vector<OutcomeGroup> outcome_groups;
  Catalog::OutcomeSynonyms outcome_synonyms;
  Catalog::ForceAliases force_aliases;
  try {
    pqxx::read_transaction txn(*connection);
    for (const auto& row : txn.exec(std::string(kSelectForces))) {
      forces.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>(), row[3].as<std::string>()});
    }
    for (const auto& row : txn.exec(std::string(kSelectOffences))) {
      offences.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                          row[2].as<std::string>(), row[3].as<std::string>(),
                          OptionalDate(row[4]).value_or(absl::CivilDay()), OptionalDate(row[5]),
                          row[6].as<std::string>()});
    }
    for (const auto& row : txn.exec(std::string(kSelectOutcomeTypes))) {
      outcome_types.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                               row[2].as<std::string>(),
                               OptionalDate(row[3]).value_or(absl::CivilDay(2014, 4, 1))});
    }
    for (const auto& row : txn.exec(std::string(kSelectOutcomeGroups))) {
      outcome_groups.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                                row[2].as<std::string>(),
                                absl::StrSplit(row[3].as<std::string>(), ' ', absl::SkipEmpty())});
    }
    for (const auto& row : txn.exec(std::string(kSelectOutcomeSynonyms))) {
      outcome_synonyms[row[0].as<std::string>()] =
          absl::StrSplit(row[1].as<std::string>(), ' ', absl::SkipEmpty());
    }
    for (const auto& row : txn.exec(std::string(kSelectForceAliases))) {
      force_aliases[row[0].as<std::string>()] = row[1].as<std::string>();
    }
  } catch (const std::exception& error) {
    return StatusFromException(error);
  }
  return Catalog(std::move(forces), std::move(offences), std::move(outcome_types),
                 std::move(outcome_groups), std::move(outcome_synonyms), std::move(force_aliases));
}

}  // namespace foi::db
