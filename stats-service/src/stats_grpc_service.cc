#include "stats-service/src/stats_grpc_service.h"

#include "common/grpc_status.h"
#include "common/iso_date.h"

namespace foi::stats {
namespace {

void FillRow(const ForceRow& row, foi::v1::ForceComparison* message) {
  message->set_force_id(row.force_id);
  message->set_reports(row.reports);
  message->set_count_min(row.count.min);
  message->set_count_max(row.count.max);
  if (row.count.exact()) message->set_count(row.count.min);
  if (std::optional<double> rate = row.rate()) message->set_rate(*rate);
}

}  // namespace

grpc::Status StatsGrpcService::CompareForces(grpc::ServerContext* context,
                                             const foi::v1::CompareForcesRequest* request,
                                             foi::v1::CompareForcesResponse* response) {
  ComparisonRequest query{
      .offence_id = request->offence_id(),
      .period_start = request->period_start(),
      .period_end = request->period_end(),
      .outcome_group = request->outcome_group(),
      .outcome_types = {request->outcome_types().begin(), request->outcome_types().end()},
  };
  absl::StatusOr<Comparison> comparison = comparisons_.CompareForces(query);
  if (!comparison.ok()) return ToGrpcStatus(comparison.status());
  for (const ForceRow& row : comparison->rows) FillRow(row, response->add_rows());
  FillRow(comparison->national, response->mutable_national());
  return grpc::Status::OK;
}

grpc::Status StatsGrpcService::ListForces(grpc::ServerContext* context,
                                          const foi::v1::ListForcesRequest* request,
                                          foi::v1::ListForcesResponse* response) {
  for (const Force& force : catalog_.forces()) {
    foi::v1::Force* message = response->add_forces();
    message->set_force_id(force.force_id);
    message->set_name(force.name);
    message->set_nation(force.nation);
    message->set_ons_area_code(force.ons_area_code);
  }
  return grpc::Status::OK;
}

grpc::Status StatsGrpcService::ListOffences(grpc::ServerContext* context,
                                            const foi::v1::ListOffencesRequest* request,
                                            foi::v1::ListOffencesResponse* response) {
  for (const Offence& offence : catalog_.offences()) {
    foi::v1::Offence* message = response->add_offences();
    message->set_offence_id(offence.offence_id);
    message->set_name(offence.name);
    message->set_legal_basis(offence.legal_basis);
    message->set_home_office_code(offence.home_office_code);
    message->set_in_force_from(FormatIsoDate(offence.in_force_from));
    if (offence.in_force_until) message->set_in_force_until(FormatIsoDate(*offence.in_force_until));
    message->set_succeeded_by(offence.succeeded_by);
  }
  return grpc::Status::OK;
}

grpc::Status StatsGrpcService::ListOutcomeTypes(grpc::ServerContext* context,
                                                const foi::v1::ListOutcomeTypesRequest* request,
                                                foi::v1::ListOutcomeTypesResponse* response) {
  for (const OutcomeType& type : catalog_.outcome_types()) {
    foi::v1::OutcomeType* message = response->add_outcome_types();
    message->set_code(type.code);
    message->set_name(type.name);
    message->set_group_id(type.group_id);
  }
  for (const OutcomeGroup& group : catalog_.outcome_groups()) {
    foi::v1::OutcomeGroup* message = response->add_outcome_groups();
    message->set_group_id(group.group_id);
    message->set_name(group.name);
    message->set_kind(group.kind);
    for (const std::string& type : group.outcome_types) message->add_outcome_types(type);
  }
  return grpc::Status::OK;
}

}  // namespace foi::stats
