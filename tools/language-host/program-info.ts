// What every request says about its program (or plugin): the `ProgramInfo` the engine builds
// from Pulumi.yaml / PulumiPolicy.yaml. Older engines sent the folder in a request field of
// its own, which is the fallback.
import type { LanguagePb } from "./sdk";
import { NodeRuntimeOptions, parseRuntimeOptions } from "./runtime-options";

/** The program's folder. */
export function folderOf(info: LanguagePb.ProgramInfo | undefined, fallback: string): string {
  return info?.getProgramDirectory() || fallback;
}

/** The program's `runtime.options`, checked (one clear error for a bad one). */
export function optionsOf(info: LanguagePb.ProgramInfo | undefined): NodeRuntimeOptions {
  return parseRuntimeOptions(info?.getOptions()?.toJavaScript());
}
