#!/usr/bin/env node
// pulumi-resource-wickr-commvault: the engine starts it with its address as the last argument
// and reads the gRPC port from the first line of stdout.
import { grpc, providerGrpc } from "./sdk";
import { providerHandlers } from "./server";

const MESSAGE_LIMIT = 400 * 1024 * 1024;

function main(): void {
  const server = new grpc.Server({ "grpc.max_receive_message_length": MESSAGE_LIMIT, "grpc.max_send_message_length": MESSAGE_LIMIT });
  server.addService(providerGrpc.ResourceProviderService, providerHandlers());
  server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    process.stdout.write(`${port}\n`);
  });
}

main();
