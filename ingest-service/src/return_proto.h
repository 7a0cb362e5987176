// File: ingest-service/src/return_proto.h
//
// Translation between the API's messages (foi.v1.FoiReturn, ImportReturnsResponse) and the
// service's own types. Only the transport layer includes this (it pulls in generated protobuf
// headers).
#pragma once

#include <vector>

#include "foi/v1/ingest_service.pb.h"
#include "foi/v1/returns.pb.h"
#include "ingest-service/src/foi_return.h"
#include "ingest-service/src/return_importer.h"

namespace foi::ingest {

// The caller-given fields of `message`; server-assigned ones are ignored.
FoiReturn FromProto(const foi::v1::FoiReturn& message);

foi::v1::FoiReturn ToProto(const FoiReturn& foi_return);

// The reply to an import.
foi::v1::ImportReturnsResponse ImportResponseOf(const ImportResult& result);

// Appends `warnings` to a reply's repeated Warning field.
void AddWarnings(const std::vector<Warning>& warnings,
                 google::protobuf::RepeatedPtrField<foi::v1::Warning>& messages);

}  // namespace foi::ingest
