// The Pulumi provider service stubs, loaded from the one @pulumi/pulumi copy installed (grpc.ts).
import type * as GrpcModule from "@grpc/grpc-js";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type * as AnyPb from "google-protobuf/google/protobuf/any_pb";

import { grpc, sdkRequire } from "./grpc";

export { grpc };
export const providerGrpc = sdkRequire("./proto/provider_grpc_pb") as typeof ProviderGrpc;
export const providerPb = sdkRequire("./proto/provider_pb") as typeof ProviderPb;
export const pluginPb = sdkRequire("./proto/plugin_pb") as typeof PluginPb;
export const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb;
export const structPb = sdkRequire("google-protobuf/google/protobuf/struct_pb") as typeof StructPb;
export const anyPb = sdkRequire("google-protobuf/google/protobuf/any_pb") as typeof AnyPb;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const statusPb = sdkRequire("./proto/status_pb") as any;

export type { GrpcModule, ProviderPb };
