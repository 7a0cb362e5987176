// File: ingest-service/src/return_proto.h
//
// Translation between the API's foi.v1.FoiReturn and the service's own FoiReturn. Only the
// transport layer includes this (it pulls in generated protobuf headers).
#pragma once

#include <vector>

#include "foi/v1/returns.pb.h"
#include "ingest-service/src/foi_return.h"

namespace foi::ingest {

// The caller-given fields of `message`; server-assigned ones are ignored.
FoiReturn FromProto(const foi::v1::FoiReturn& message);

foi::v1::FoiReturn ToProto(const FoiReturn& foi_return);

// Appends `warnings` to a reply's repeated Warning field.
void AddWarnings(const std::vector<Warning>& warnings,
                 google::protobuf::RepeatedPtrField<foi::v1::Warning>& messages);

}  // namespace foi::ingest
