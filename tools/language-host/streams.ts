// Server-streaming replies (`RunPlugin`, `InstallDependencies`): output chunks as messages,
// and the stream's end as success or as one error status.
import type * as Grpc from "@grpc/grpc-js";
import { grpc } from "./sdk";

/** Writes `message` unless the engine has gone (a cancelled stream takes no more writes). */
export function send<T>(call: Grpc.ServerWritableStream<unknown, T>, message: T): void {
  if (!call.cancelled && !call.writableEnded) call.write(message);
}

/** Ends the stream with an error status carrying `message`. */
export function fail(call: Grpc.ServerWritableStream<unknown, unknown>, message: string): void {
  if (!call.cancelled && !call.writableEnded) call.emit("error", { code: grpc.status.UNKNOWN, details: message });
}

export function finish(call: Grpc.ServerWritableStream<unknown, unknown>): void {
  if (!call.cancelled && !call.writableEnded) call.end();
}
