// File: cli/commands/connection.h
//
// How foictl reaches the services: a plain-text channel to an address, and calls that carry a
// deadline and, when $FOI_API_KEY is set, the key.
//
//   auto stub = foi::v1::StatsService::NewStub(foi::cli::Connect(address));
//   grpc::ClientContext context;
//   stub->ListForces(foi::cli::Prepare(context), request, &response);
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

namespace foi::cli {

std::shared_ptr<grpc::Channel> Connect(const std::string& address);

// Gives `context` a 30 s deadline and the API key of $FOI_API_KEY (when set and not empty) as
// a bearer token; returns it.
grpc::ClientContext* Prepare(grpc::ClientContext& context);

}  // namespace foi::cli
