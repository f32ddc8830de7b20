// The gRPC library and the Pulumi service stubs the host speaks with, loaded from the one
// @pulumi/pulumi copy this repository installs. The stubs check every message with
// `instanceof`, so messages must come from the same copy as the service definitions, and
// gRPC from the copy those definitions were generated against.
import { createRequire } from "node:module";
import type * as GrpcModule from "@grpc/grpc-js";
import type * as LanguageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import type * as LanguagePb from "@pulumi/pulumi/proto/language_pb";
import type * as AnalyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";

const sdkRequire = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc = sdkRequire("@grpc/grpc-js") as typeof GrpcModule;
export const languageGrpc = sdkRequire("./proto/language_grpc_pb") as typeof LanguageGrpc;
export const languagePb = sdkRequire("./proto/language_pb") as typeof LanguagePb;
export const analyzerGrpc = sdkRequire("./proto/analyzer_grpc_pb") as typeof AnalyzerGrpc;
export const analyzerPb = sdkRequire("./proto/analyzer_pb") as typeof AnalyzerPb;
export const pluginPb = sdkRequire("./proto/plugin_pb") as typeof PluginPb;
export const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb;

export type { GrpcModule, LanguagePb, AnalyzerPb };

/** The @pulumi/pulumi version whose protocol the host speaks; it reports it as its own version. */
export const SDK_VERSION = (sdkRequire("./package.json") as { version: string }).version;
