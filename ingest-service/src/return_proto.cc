#include "ingest-service/src/return_proto.h"

#include "google/protobuf/util/time_util.h"

namespace foi::ingest {
namespace {

foi::v1::ReturnStatus StatusToProto(ReturnStatus status) {
  switch (status) {
    case ReturnStatus::kActive:
      return foi::v1::RETURN_STATUS_ACTIVE;
    case ReturnStatus::kSuperseded:
      return foi::v1::RETURN_STATUS_SUPERSEDED;
    case ReturnStatus::kWithdrawn:
      return foi::v1::RETURN_STATUS_WITHDRAWN;
    case ReturnStatus::kUnspecified:
      break;
  }
  return foi::v1::RETURN_STATUS_UNSPECIFIED;
}

}  // namespace

FoiReturn FromProto(const foi::v1::FoiReturn& message) {
  FoiReturn foi_return;
  foi_return.force_id = message.force_id();
  foi_return.offence_id = message.offence_id();
  foi_return.period_start = message.period_start();
  foi_return.period_end = message.period_end();
  foi_return.total_reports = message.total_reports();
  foi_return.not_yet_assigned = message.not_yet_assigned();
  foi_return.unaccounted_reports = message.unaccounted_reports();
  foi_return.unknown_outcome_reports = message.unknown_outcome_reports();
  foi_return.exemptions.assign(message.exemptions().begin(), message.exemptions().end());
  foi_return.foi_reference = message.foi_reference();
  foi_return.received_on = message.received_on();
  if (message.has_suppression_threshold()) {
    foi_return.suppression_threshold = message.suppression_threshold();
  }
  for (const foi::v1::ReturnLine& line_message : message.lines()) {
    ReturnLine line;
    line.outcome_types.assign(line_message.outcome_types().begin(),
                              line_message.outcome_types().end());
    if (line_message.has_count()) line.count = line_message.count();
    line.suppressed = line_message.suppressed();
    line.label = line_message.label();
    foi_return.lines.push_back(std::move(line));
  }
  return foi_return;
}

foi::v1::FoiReturn ToProto(const FoiReturn& foi_return) {
  foi::v1::FoiReturn message;
  message.set_return_id(foi_return.return_id);
  message.set_version(foi_return.version);
  message.set_status(StatusToProto(foi_return.status));
  message.set_force_id(foi_return.force_id);
  message.set_offence_id(foi_return.offence_id);
  message.set_period_start(foi_return.period_start);
  message.set_period_end(foi_return.period_end);
  message.set_total_reports(foi_return.total_reports);
  message.set_not_yet_assigned(foi_return.not_yet_assigned);
  message.set_unaccounted_reports(foi_return.unaccounted_reports);
  message.set_unknown_outcome_reports(foi_return.unknown_outcome_reports);
  for (const std::string& exemption : foi_return.exemptions) message.add_exemptions(exemption);
  message.set_foi_reference(foi_return.foi_reference);
  message.set_received_on(foi_return.received_on);
  message.set_suppression_threshold(foi_return.suppression_threshold);
  message.set_created_by(foi_return.created_by);
  message.set_source(foi_return.source);
  message.set_reason(foi_return.reason);
  if (foi_return.created_at != absl::Time()) {  // unset when not stored (validate_only)
    *message.mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
        absl::ToUnixMicros(foi_return.created_at));
  }
  for (const ReturnLine& line : foi_return.lines) {
    foi::v1::ReturnLine* line_message = message.add_lines();
    for (const std::string& type : line.outcome_types) line_message->add_outcome_types(type);
    if (line.count.has_value()) line_message->set_count(*line.count);
    line_message->set_suppressed(line.suppressed);
    line_message->set_label(line.label);
  }
  return message;
}

void AddWarnings(const std::vector<Warning>& warnings,
                 google::protobuf::RepeatedPtrField<foi::v1::Warning>& messages) {
  for (const Warning& warning : warnings) {
    foi::v1::Warning* message = messages.Add();
    message->set_field(warning.field);
    message->set_description(warning.description);
  }
}

foi::v1::ImportReturnsResponse ImportResponseOf(const ImportResult& result) {
  foi::v1::ImportReturnsResponse response;
  response.set_rows(result.rows);
  response.set_returns_imported(result.returns_imported);
  for (const FoiReturn& stored : result.returns) *response.add_returns() = ToProto(stored);
  for (const ImportWarning& warning : result.warnings) {
    foi::v1::Warning* message = response.add_warnings();
    message->set_field(warning.field);
    message->set_description(warning.message);
  }
  return response;
}

}  // namespace foi::ingest
