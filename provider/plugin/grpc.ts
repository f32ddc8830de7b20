// What every gRPC server of this repository shares (the provider plugin, the language host of
// tools/): loading from the one @pulumi/pulumi copy installed (its stubs check messages with
// `instanceof`, so messages must come from the same copy as the service definitions, and gRPC
// from the copy they were generated against), and unary handlers from plain functions.
import { createRequire } from "node:module";
import type * as GrpcModule from "@grpc/grpc-js";

/** `require` as @pulumi/pulumi's own package would resolve it. */
export const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = sdkRequire("@grpc/grpc-js") as typeof GrpcModule;

export type Unary<Req, Res> = (call: GrpcModule.ServerUnaryCall<Req, Res>, callback: GrpcModule.sendUnaryData<Res>) => void;

/** A unary handler from a function that may throw or reject: a failure becomes the status `statusOf` gives it. */
export function unary<Req, Res>(answer: (req: Req) => Res | Promise<Res>, statusOf: (err: unknown) => Partial<GrpcModule.StatusObject>): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => answer(call.request))
      .then(
        (res) => callback(null, res),
        (err: unknown) => callback(statusOf(err) as GrpcModule.ServiceError),
      );
  };
}

/** The plain translation: any failure is UNKNOWN with its message. */
export const unknownStatus = (err: unknown): Partial<GrpcModule.StatusObject> => ({ code: grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) });
