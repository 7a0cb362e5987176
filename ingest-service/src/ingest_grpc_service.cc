#include "ingest-service/src/ingest_grpc_service.h"

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_principal.h"
#include "common/grpc_status.h"
#include "common/status_macros.h"
#include "ingest-service/src/import_upload.h"
#include "ingest-service/src/return_proto.h"

namespace foi::ingest {
namespace {

// The caller, once the service is ready: UNAVAILABLE until the catalogue is loaded, then
// whatever the key's check says.
absl::StatusOr<auth::Principal> Admit(const grpc::ServerContextBase& context,
                                      const Readiness& readiness,
                                      auth::Authenticator& authenticator) {
  FOI_RETURN_IF_ERROR(readiness.CheckCatalog());
  return auth::PrincipalOf(context, authenticator);
}

// Runs `body` for the authenticated caller once the service is ready; every failure leaves
// as a grpc::Status.
template <typename Body>
grpc::Status AsCaller(grpc::ServerContext& context, const Readiness& readiness,
                      auth::Authenticator& authenticator, Body body) {
  absl::StatusOr<auth::Principal> caller = Admit(context, readiness, authenticator);
  if (!caller.ok()) return ToGrpcStatus(caller.status());
  return ToGrpcStatus(body(*caller));
}

std::string StatusFilter(foi::v1::ReturnStatus status) {
  switch (status) {
    case foi::v1::RETURN_STATUS_ACTIVE:
      return "active";
    case foi::v1::RETURN_STATUS_SUPERSEDED:
      return "superseded";
    case foi::v1::RETURN_STATUS_WITHDRAWN:
      return "withdrawn";
    default:
      return "";
  }
}

}  // namespace

grpc::ServerUnaryReactor* IngestGrpcService::SubmitReturn(
    grpc::CallbackServerContext* context, const foi::v1::SubmitReturnRequest* request,
    foi::v1::SubmitReturnResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<auth::Principal> caller = Admit(*context, readiness_, authenticator_);
  if (!caller.ok()) {
    reactor->Finish(ToGrpcStatus(caller.status()));
    return reactor;
  }
  FoiReturn submitted = FromProto(request->foi_return());
  std::vector<Warning> warnings = returns_.WarningsFor(submitted);
  // The request and response live until the call is finished; the answer is written into
  // the response on the thread that finishes it.
  returns_.Submit(
      *caller, std::move(submitted),
      {.request_id = request->request_id(), .validate_only = request->validate_only()},
      [reactor, response, warnings = std::move(warnings)](absl::StatusOr<FoiReturn> stored) {
        if (stored.ok()) {
          *response->mutable_foi_return() = ToProto(*stored);
          AddWarnings(warnings, *response->mutable_warnings());
        }
        reactor->Finish(ToGrpcStatus(stored.status()));
      });
  return reactor;
}

grpc::Status IngestGrpcService::GetReturn(grpc::ServerContext* context,
                                          const foi::v1::GetReturnRequest* request,
                                          foi::v1::GetReturnResponse* response) {
  return AsCaller(*context, readiness_, authenticator_,
                  [&](const auth::Principal& /*caller: every key may read*/) -> absl::Status {
                    FOI_ASSIGN_OR_RETURN(FoiReturn found,
                                         returns_.Get(request->return_id(), request->version()));
                    *response->mutable_foi_return() = ToProto(found);
                    return absl::OkStatus();
                  });
}

grpc::Status IngestGrpcService::AmendReturn(grpc::ServerContext* context,
                                            const foi::v1::AmendReturnRequest* request,
                                            foi::v1::AmendReturnResponse* response) {
  return AsCaller(*context, readiness_, authenticator_,
                  [&](const auth::Principal& caller) -> absl::Status {
                    const FoiReturn amended = FromProto(request->foi_return());
                    FOI_ASSIGN_OR_RETURN(
                        FoiReturn stored,
                        returns_.Amend(caller, request->return_id(), amended, request->reason(),
                                       {.request_id = request->request_id(),
                                        .validate_only = request->validate_only(),
                                        .expected_version = request->expected_version()}));
                    *response->mutable_foi_return() = ToProto(stored);
                    AddWarnings(returns_.WarningsFor(amended), *response->mutable_warnings());
                    return absl::OkStatus();
                  });
}

grpc::Status IngestGrpcService::WithdrawReturn(grpc::ServerContext* context,
                                               const foi::v1::WithdrawReturnRequest* request,
                                               foi::v1::WithdrawReturnResponse* response) {
  return AsCaller(
      *context, readiness_, authenticator_, [&](const auth::Principal& caller) -> absl::Status {
        FOI_ASSIGN_OR_RETURN(FoiReturn withdrawn,
                             returns_.Withdraw(caller, request->return_id(), request->reason(),
                                               {.request_id = request->request_id(),
                                                .validate_only = request->validate_only(),
                                                .expected_version = request->expected_version()}));
        *response->mutable_foi_return() = ToProto(withdrawn);
        return absl::OkStatus();
      });
}

grpc::Status IngestGrpcService::ListReturns(grpc::ServerContext* context,
                                            const foi::v1::ListReturnsRequest* request,
                                            foi::v1::ListReturnsResponse* response) {
  return AsCaller(*context, readiness_, authenticator_,
                  [&](const auth::Principal& /*caller: every key may read*/) -> absl::Status {
                    const ListFilter filter{.force_id = request->force_id(),
                                            .offence_id = request->offence_id(),
                                            .status = StatusFilter(request->status()),
                                            .period_start = request->period_start(),
                                            .period_end = request->period_end()};
                    FOI_ASSIGN_OR_RETURN(
                        ReturnPage page,
                        returns_.List(filter, request->page_size(), request->page_token()));
                    for (const FoiReturn& found : page.returns)
                      *response->add_returns() = ToProto(found);
                    response->set_next_page_token(page.next_page_token);
                    return absl::OkStatus();
                  });
}

grpc::Status IngestGrpcService::ImportReturns(
    grpc::ServerContext* context, grpc::ServerReader<foi::v1::ImportReturnsRequest>* reader,
    foi::v1::ImportReturnsResponse* response) {
  return AsCaller(
      *context, readiness_, authenticator_, [&](const auth::Principal& caller) -> absl::Status {
        // The whole file arrives before the database is touched: a slow or stalled client holds
        // no connection, transaction or import slot.
        FOI_ASSIGN_OR_RETURN(ReceivedUpload upload, ReceiveUpload(*context, *reader, caller,
                                                                  upload_limits_, upload_gate_));
        const bool validate_only = upload.header.validate_only();
        FOI_ASSIGN_OR_RETURN(
            ImportResult result,
            importer_.Import(caller, upload.file.ChunkReader(),
                             {.source = upload.header.source(),
                              .validate_only = validate_only,
                              .reader = ReaderOptionsOf(upload.header),
                              .mapping = ImportMappingOf(upload.header),
                              .claim = ImportClaimOf(upload),
                              .encode_answer =
                                  [](const ImportResult& done) {
                                    return ImportResponseOf(done).SerializeAsString();
                                  },
                              .still_wanted = [context] { return !context->IsCancelled(); }}));
        if (result.replayed_answer) {
          // A retry of an import already stored: the first answer, word for word.
          if (!response->ParseFromString(*result.replayed_answer)) {
            return absl::InternalError("the answer kept for this request id cannot be read");
          }
          return absl::OkStatus();
        }
        metrics_.AddToCounter("foi_import_rows_total", "Rows read by ImportReturns that stored.",
                              validate_only ? 0 : static_cast<double>(result.rows));
        *response = ImportResponseOf(result);
        return absl::OkStatus();
      });
}

}  // namespace foi::ingest
