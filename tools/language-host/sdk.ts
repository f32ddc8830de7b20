// The Pulumi service stubs the host speaks with, loaded from the one @pulumi/pulumi copy
// installed (provider/plugin/grpc.ts says why).
import type * as GrpcModule from "@grpc/grpc-js";
import type * as LanguageGrpc from "@pulumi/pulumi/proto/language_grpc_pb";
import type * as LanguagePb from "@pulumi/pulumi/proto/language_pb";
import type * as AnalyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as AnalyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";

import { grpc, sdkRequire } from "../../provider/plugin/grpc";

export { grpc };
export const languageGrpc = sdkRequire("./proto/language_grpc_pb") as typeof LanguageGrpc;
export const languagePb = sdkRequire("./proto/language_pb") as typeof LanguagePb;
export const analyzerGrpc = sdkRequire("./proto/analyzer_grpc_pb") as typeof AnalyzerGrpc;
export const analyzerPb = sdkRequire("./proto/analyzer_pb") as typeof AnalyzerPb;
export const pluginPb = sdkRequire("./proto/plugin_pb") as typeof PluginPb;
export const emptyPb = sdkRequire("google-protobuf/google/protobuf/empty_pb") as typeof EmptyPb;

export type { GrpcModule, LanguagePb, AnalyzerPb };

/** The @pulumi/pulumi version whose protocol the host speaks; it reports it as its own version. */
export const SDK_VERSION = (sdkRequire("./package.json") as { version: string }).version;
