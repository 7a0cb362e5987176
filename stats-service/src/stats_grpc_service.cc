#include "stats-service/src/stats_grpc_service.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/auth/grpc_principal.h"
#include "common/field_violations.h"
#include "common/grpc_status.h"
#include "common/iso_date.h"
#include "common/status_macros.h"
#include "google/protobuf/util/time_util.h"

namespace foi::stats {
namespace {

foi::v1::FunnelPosition PositionToProto(FunnelPosition position) {
  switch (position) {
    case FunnelPosition::kAbove998:
      return foi::v1::FUNNEL_POSITION_ABOVE_998;
    case FunnelPosition::kAbove95:
      return foi::v1::FUNNEL_POSITION_ABOVE_95;
    case FunnelPosition::kWithin:
      return foi::v1::FUNNEL_POSITION_WITHIN;
    case FunnelPosition::kBelow95:
      return foi::v1::FUNNEL_POSITION_BELOW_95;
    case FunnelPosition::kBelow998:
      return foi::v1::FUNNEL_POSITION_BELOW_998;
    case FunnelPosition::kUndetermined:
      return foi::v1::FUNNEL_POSITION_UNDETERMINED;
    case FunnelPosition::kNotComparable:
      break;
  }
  return foi::v1::FUNNEL_POSITION_NOT_COMPARABLE;
}

// The method a request asks for (unspecified: binomial); nullopt for a value this server does
// not know.
std::optional<FunnelMethod> MethodFromProto(foi::v1::FunnelMethod method) {
  switch (method) {
    case foi::v1::FUNNEL_METHOD_UNSPECIFIED:
    case foi::v1::FUNNEL_METHOD_BINOMIAL:
      return FunnelMethod::kBinomial;
    case foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL:
      return FunnelMethod::kExactBinomial;
    case foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS:
      return FunnelMethod::kAdditiveRandomEffects;
    case foi::v1::FUNNEL_METHOD_MULTIPLICATIVE:
      return FunnelMethod::kMultiplicative;
    default:
      return std::nullopt;
  }
}

foi::v1::FunnelMethod MethodToProto(FunnelMethod method) {
  switch (method) {
    case FunnelMethod::kBinomial:
      return foi::v1::FUNNEL_METHOD_BINOMIAL;
    case FunnelMethod::kExactBinomial:
      return foi::v1::FUNNEL_METHOD_EXACT_BINOMIAL;
    case FunnelMethod::kAdditiveRandomEffects:
      return foi::v1::FUNNEL_METHOD_ADDITIVE_RANDOM_EFFECTS;
    case FunnelMethod::kMultiplicative:
      return foi::v1::FUNNEL_METHOD_MULTIPLICATIVE;
  }
  return foi::v1::FUNNEL_METHOD_UNSPECIFIED;
}

// A catalogue kind (kActionTaken, kNoFurtherAction); empty (not yet assigned, unaccounted,
// unknown outcome) is unspecified.
foi::v1::OutcomeGroupKind KindToProto(absl::string_view kind) {
  if (kind == kActionTaken) return foi::v1::OUTCOME_GROUP_KIND_ACTION_TAKEN;
  if (kind == kNoFurtherAction) return foi::v1::OUTCOME_GROUP_KIND_NO_FURTHER_ACTION;
  return foi::v1::OUTCOME_GROUP_KIND_UNSPECIFIED;
}

google::protobuf::Timestamp TimeToProto(absl::Time time) {
  return google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(time));
}

foi::v1::ExclusionReason ReasonToProto(ExclusionReason reason) {
  switch (reason) {
    case ExclusionReason::kNoReturn:
      return foi::v1::EXCLUSION_REASON_NO_RETURN;
    case ExclusionReason::kPeriodNotCovered:
      return foi::v1::EXCLUSION_REASON_PERIOD_NOT_COVERED;
    case ExclusionReason::kFiguresWithheld:
      return foi::v1::EXCLUSION_REASON_FIGURES_WITHHELD;
  }
  return foi::v1::EXCLUSION_REASON_UNSPECIFIED;
}

template <typename Message>
void FillReturnRefs(const std::vector<const ReturnFigures*>& returns, Message* message) {
  for (const ReturnFigures* r : returns) {
    foi::v1::ReturnRef* ref = message->add_returns();
    ref->set_return_id(r->return_id.ToString());
    ref->set_version(r->version);
    ref->set_period_start(FormatIsoDate(r->effective_start));
    ref->set_period_end(FormatIsoDate(r->effective_end));
  }
}

// Fills `message` from `row`; the return versions behind it only `with_returns`.
void FillRow(const ForceRow& row, bool with_returns, foi::v1::ForceComparison* message) {
  message->set_force_id(row.force_id);
  message->set_reports(row.reports);
  message->set_count_min(row.count.min);
  message->set_count_max(row.count.max);
  message->set_rate_min(row.rate_min());
  message->set_rate_max(row.rate_max());
  message->set_exact(row.count.exact());
  if (row.count.exact()) message->set_count(row.count.min);
  if (std::optional<double> rate = row.rate()) message->set_rate(*rate);
  if (row.ci) {
    message->set_ci_lower(row.ci->lower);
    message->set_ci_upper(row.ci->upper);
  }
  if (row.funnel_95) {
    message->set_funnel_lower_95(row.funnel_95->lower);
    message->set_funnel_upper_95(row.funnel_95->upper);
  }
  if (row.funnel_998) {
    message->set_funnel_lower_998(row.funnel_998->lower);
    message->set_funnel_upper_998(row.funnel_998->upper);
  }
  message->set_funnel_position(PositionToProto(row.position));
  message->set_rank(row.rank);
  if (!row.returns.empty()) {
    message->set_period_start(FormatIsoDate(row.period_start));
    message->set_period_end(FormatIsoDate(row.period_end));
  }
  if (with_returns) FillReturnRefs(row.returns, message);
}

void FillPoint(const TrendPoint& point, foi::v1::TrendPoint* message) {
  message->set_label(point.label);
  message->set_period_start(FormatIsoDate(point.row.period_start));
  message->set_period_end(FormatIsoDate(point.row.period_end));
  message->set_reports(point.row.reports);
  message->set_count_min(point.row.count.min);
  message->set_count_max(point.row.count.max);
  message->set_exact(point.row.count.exact());
  if (std::optional<double> rate = point.row.rate()) message->set_rate(*rate);
  if (point.row.ci) {
    message->set_ci_lower(point.row.ci->lower);
    message->set_ci_upper(point.row.ci->upper);
  }
  FillReturnRefs(point.row.returns, message);
  message->set_offence_id(point.offence_id);
  message->set_definition_changed(point.definition_changed);
  if (point.change) {
    message->set_change(point.change->difference);
    message->set_change_lower(point.change->interval.lower);
    message->set_change_upper(point.change->interval.upper);
    message->set_change_significant(point.change->significant());
  }
}

Numerator NumeratorOf(const std::string& group,
                      const google::protobuf::RepeatedPtrField<std::string>& types) {
  return {group, {types.begin(), types.end()}};
}

}  // namespace

absl::Status StatsGrpcService::Admit(const grpc::ServerContextBase& context) {
  FOI_RETURN_IF_ERROR(readiness_.CheckCatalog());
  if (authenticator_ == nullptr) return absl::OkStatus();
  return auth::PrincipalOf(context, *authenticator_).status();
}

grpc::ServerUnaryReactor* StatsGrpcService::CompareForces(grpc::CallbackServerContext* context,
                                                          const grpc::ByteBuffer* request,
                                                          grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(AnswerCompareForces(*context, *request, *response));
  return reactor;
}

grpc::Status StatsGrpcService::AnswerCompareForces(const grpc::ServerContextBase& context,
                                                   const grpc::ByteBuffer& request_bytes,
                                                   grpc::ByteBuffer& response_bytes) {
  // Who may ask is checked on every call; only the answer is kept.
  if (absl::Status admitted = Admit(context); !admitted.ok()) return ToGrpcStatus(admitted);
  grpc::Slice request_slice;
  if (grpc::Status dumped = request_bytes.DumpToSingleSlice(&request_slice); !dumped.ok()) {
    return dumped;
  }
  const absl::string_view request_key(reinterpret_cast<const char*>(request_slice.begin()),
                                      request_slice.size());
  // The snapshot is taken once: the answer found or worked out is the one it names.
  std::shared_ptr<const FiguresSnapshot> snapshot = queries_.current_snapshot();
  if (snapshot != nullptr) {
    if (std::optional<grpc::Slice> answer = answers_.Find(snapshot, request_key)) {
      response_bytes = grpc::ByteBuffer(&*answer, 1);
      return grpc::Status::OK;
    }
  }
  foi::v1::CompareForcesRequest request;
  if (!request.ParseFromArray(request_slice.begin(), static_cast<int>(request_slice.size()))) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "the request is not a foi.v1.CompareForcesRequest");
  }
  foi::v1::CompareForcesResponse response;
  if (absl::Status answered = CompareFromSnapshot(request, snapshot, response); !answered.ok()) {
    return ToGrpcStatus(answered);
  }
  grpc::Slice answer(response.ByteSizeLong());
  // The slice is new and ours alone: writing into it before anyone reads it is safe.
  response.SerializeWithCachedSizesToArray(const_cast<uint8_t*>(answer.begin()));
  if (snapshot != nullptr) answers_.Insert(snapshot, request_key, answer);
  response_bytes = grpc::ByteBuffer(&answer, 1);
  return grpc::Status::OK;
}

absl::Status StatsGrpcService::CompareFromSnapshot(const foi::v1::CompareForcesRequest& request,
                                                   std::shared_ptr<const FiguresSnapshot> snapshot,
                                                   foi::v1::CompareForcesResponse& response) const {
  const std::optional<FunnelMethod> method = MethodFromProto(request.funnel_method());
  if (!method) {
    return InvalidArgumentWithViolations(
        "the request breaks a rule",
        {{"funnel_method", absl::StrCat(static_cast<int>(request.funnel_method()),
                                        " is not a FunnelMethod this server knows")}});
  }
  FOI_ASSIGN_OR_RETURN(
      Answer<Comparison> answer,
      queries_.Compare({.offence_id = request.offence_id(),
                        .period_start = request.period_start(),
                        .period_end = request.period_end(),
                        .numerator = NumeratorOf(request.outcome_group(), request.outcome_types()),
                        .confidence = request.confidence(),
                        .allow_partial_periods = request.allow_partial_periods(),
                        .funnel_method = *method},
                       std::move(snapshot)));
  const Comparison& comparison = answer.value;
  const bool with_returns = request.view() != foi::v1::COMPARISON_VIEW_BASIC;
  for (const ForceRow& row : comparison.rows) FillRow(row, with_returns, response.add_rows());
  foi::v1::ForceComparison* national = response.mutable_national();
  FillRow(comparison.national, with_returns, national);
  // The target is the exact pool; the bounds span every row.
  national->set_count_min(comparison.all_count.min);
  national->set_count_max(comparison.all_count.max);
  const double all_reports = static_cast<double>(comparison.all_reports);
  national->set_rate_min(all_reports == 0 ? 0 : comparison.all_count.min / all_reports);
  national->set_rate_max(all_reports == 0 ? 0 : comparison.all_count.max / all_reports);
  response.set_funnel_method(MethodToProto(comparison.method));
  foi::v1::Overdispersion* overdispersion = response.mutable_overdispersion();
  overdispersion->set_phi(comparison.overdispersion.phi);
  overdispersion->set_tau_squared(comparison.overdispersion.tau_squared);
  overdispersion->set_applied(comparison.overdispersion.applied);
  overdispersion->set_forces_used(comparison.overdispersion.units);
  for (const Exclusion& exclusion : comparison.excluded) {
    foi::v1::Exclusion* message = response.add_excluded();
    message->set_force_id(exclusion.force_id);
    message->set_reason(ReasonToProto(exclusion.reason));
    message->set_detail(exclusion.detail);
  }
  response.set_data_version(answer.snapshot->data_version());
  *response.mutable_as_of() = TimeToProto(answer.snapshot->as_of());
  response.set_confidence(answer.confidence);
  return absl::OkStatus();
}

grpc::Status StatsGrpcService::GetForceBreakdown(grpc::ServerContext* context,
                                                 const foi::v1::GetForceBreakdownRequest* request,
                                                 foi::v1::GetForceBreakdownResponse* response) {
  return ToGrpcStatus([&]() -> absl::Status {
    FOI_RETURN_IF_ERROR(Admit(*context));
    FOI_ASSIGN_OR_RETURN(
        Answer<Breakdown> answer,
        queries_.BreakdownOfForce({.force_id = request->force_id(),
                                   .offence_id = request->offence_id(),
                                   .period_start = request->period_start(),
                                   .period_end = request->period_end(),
                                   .allow_partial_periods = request->allow_partial_periods()}));
    const Breakdown& breakdown = answer.value;
    response->set_force_id(request->force_id());
    response->set_reports(breakdown.reports);
    for (const GroupCount& group : breakdown.groups) {
      foi::v1::GroupShare* message = response->add_groups();
      message->set_group_id(group.group_id);
      message->set_name(group.name);
      message->set_kind(KindToProto(group.kind));
      message->set_count_min(group.count.min);
      message->set_count_max(group.count.max);
      message->set_exact(group.count.exact());
      if (breakdown.reports > 0) {
        message->set_share_min(static_cast<double>(group.count.min) / breakdown.reports);
        message->set_share_max(static_cast<double>(group.count.max) / breakdown.reports);
      }
    }
    if (!breakdown.totals.returns.empty()) {
      response->set_period_start(FormatIsoDate(breakdown.totals.period_start));
      response->set_period_end(FormatIsoDate(breakdown.totals.period_end));
    }
    FillReturnRefs(breakdown.totals.returns, response);
    response->set_data_version(answer.snapshot->data_version());
    *response->mutable_as_of() = TimeToProto(answer.snapshot->as_of());
    return absl::OkStatus();
  }());
}

grpc::Status StatsGrpcService::GetTrend(grpc::ServerContext* context,
                                        const foi::v1::GetTrendRequest* request,
                                        foi::v1::GetTrendResponse* response) {
  return ToGrpcStatus([&]() -> absl::Status {
    FOI_RETURN_IF_ERROR(Admit(*context));
    FOI_ASSIGN_OR_RETURN(
        Answer<Trend> answer,
        queries_.TrendOfOutcome(
            {.force_id = request->force_id(),
             .offence_id = request->offence_id(),
             .year_kind = request->year_kind() == foi::v1::YEAR_KIND_FINANCIAL
                              ? YearKind::kFinancial
                              : YearKind::kCalendar,
             .numerator = NumeratorOf(request->outcome_group(), request->outcome_types()),
             .confidence = request->confidence(),
             .follow_successors = request->follow_successors()}));
    for (const TrendPoint& point : answer.value.points) FillPoint(point, response->add_points());
    for (const TrendPoint& point : answer.value.spanning) {
      FillPoint(point, response->add_spanning());
    }
    response->set_data_version(answer.snapshot->data_version());
    *response->mutable_as_of() = TimeToProto(answer.snapshot->as_of());
    return absl::OkStatus();
  }());
}

grpc::Status StatsGrpcService::ListForces(grpc::ServerContext* context,
                                          const foi::v1::ListForcesRequest* /*request*/,
                                          foi::v1::ListForcesResponse* response) {
  if (absl::Status admitted = Admit(*context); !admitted.ok()) return ToGrpcStatus(admitted);
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
                                            const foi::v1::ListOffencesRequest* /*request*/,
                                            foi::v1::ListOffencesResponse* response) {
  if (absl::Status admitted = Admit(*context); !admitted.ok()) return ToGrpcStatus(admitted);
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
                                                const foi::v1::ListOutcomeTypesRequest* /*request*/,
                                                foi::v1::ListOutcomeTypesResponse* response) {
  if (absl::Status admitted = Admit(*context); !admitted.ok()) return ToGrpcStatus(admitted);
  for (const OutcomeType& type : catalog_.outcome_types()) {
    foi::v1::OutcomeType* message = response->add_outcome_types();
    message->set_code(type.code);
    message->set_name(type.name);
    message->set_group_id(type.group_id);
    message->set_introduced_on(FormatIsoDate(type.introduced_on));
  }
  for (const OutcomeGroup& group : catalog_.outcome_groups()) {
    foi::v1::OutcomeGroup* message = response->add_outcome_groups();
    message->set_group_id(group.group_id);
    message->set_name(group.name);
    message->set_kind(KindToProto(group.kind));
    for (const std::string& type : group.outcome_types) message->add_outcome_types(type);
  }
  return grpc::Status::OK;
}

}  // namespace foi::stats
