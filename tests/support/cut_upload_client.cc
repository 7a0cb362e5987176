// A client that starts an ImportReturns upload and dies in the middle of it, as a laptop that
// loses power or a killed script would: it sends the header and the bytes it is given, then
// kills itself, so the connection is cut without the stream ever being closed or cancelled.
//
//   cut_upload_client ADDRESS KEY BYTES
#include <grpcpp/grpcpp.h>

#include <csignal>
#include <cstdio>
#include <string>
#include <thread>

#include "foi/v1/ingest_service.grpc.pb.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: cut_upload_client ADDRESS KEY BYTES\n");
    return 2;
  }
  auto stub = foi::v1::IngestService::NewStub(
      grpc::CreateChannel(argv[1], grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  context.AddMetadata("authorization", std::string("Bearer ") + argv[2]);
  foi::v1::ImportReturnsResponse response;
  auto writer = stub->ImportReturns(&context, &response);
  foi::v1::ImportReturnsRequest message;
  message.mutable_header()->set_format(foi::v1::IMPORT_FORMAT_CSV);
  message.mutable_header()->set_source("a client about to die");
  if (!writer->Write(message)) return 1;
  message.set_chunk(argv[3]);
  if (!writer->Write(message)) return 1;
  // Let the bytes reach the server, then go without a word.
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::raise(SIGKILL);
  return 0;
}
