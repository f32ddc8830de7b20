// The LanguageRuntime service: each RPC the engine uses, handed to the module that does its
// job. RPCs left out (code generation, packing, linking, templates) answer UNIMPLEMENTED,
// which the engine accepts for running programs and policy packs.
import type * as Grpc from "@grpc/grpc-js";
import { aboutResponse, dependenciesResponse, installDependencies } from "./dependencies";
import { ChildRegister } from "./node-processes";
import { runPlugin } from "./plugin";
import { runProgram } from "./program";
import { unary as grpcUnary, unknownStatus } from "../../provider/plugin/grpc";
import { emptyPb, grpc, languagePb, pluginPb, SDK_VERSION } from "./sdk";
import type { LanguagePb } from "./sdk";

/** The engine's address: from the command line, replaced by a `Handshake`. */
export interface EngineLink {
  address: string;
}

/** A unary handler from a function that may throw or reject: a failure is UNKNOWN with its message. */
const unary = <Req, Res>(answer: (req: Req) => Res | Promise<Res>) => grpcUnary(answer, unknownStatus);

export function languageRuntimeHandlers(engine: EngineLink, children: ChildRegister): Grpc.UntypedServiceImplementation {
  return {
    getPluginInfo: unary(() => {
      const info = new pluginPb.PluginInfo();
      info.setVersion(SDK_VERSION);
      return info;
    }),
    handshake: unary((req: LanguagePb.LanguageHandshakeRequest) => {
      engine.address = req.getEngineAddress() || engine.address;
      return new languagePb.LanguageHandshakeResponse();
    }),
    // Plugins come from the program's own packages; this project's programs need none.
    getRequiredPlugins: unary(() => new languagePb.GetRequiredPluginsResponse()),
    getRequiredPackages: unary(() => new languagePb.GetRequiredPackagesResponse()),
    getProgramDependencies: unary(dependenciesResponse),
    about: unary(aboutResponse),
    run: unary(async (req: LanguagePb.RunRequest) => {
      const outcome = await runProgram(req, engine.address, children);
      const res = new languagePb.RunResponse();
      res.setError(outcome.error);
      res.setBail(outcome.bail);
      return res;
    }),
    installDependencies: (call: Parameters<typeof installDependencies>[0]) => void installDependencies(call, children),
    runPlugin: (call: Parameters<typeof runPlugin>[0]) => void runPlugin(call, children),
    cancel: unary(() => {
      children.interruptAll();
      return new emptyPb.Empty();
    }),
  };
}

