// previewDeclared (what a stack's program declares, before an import) runs its previews with
// PULUMI_SKIP_CHECKPOINTS=true: the engine otherwise serializes and checks the whole state after
// every step, previews included (1,000 Wickr groups: 17.0 s against 6.6 s, benchmarks/RESULTS.md), and
// a preview writes no state. The stack's own setting is put back afterwards.
import type { PreviewOptions, Stack } from "@pulumi/pulumi/automation";
import { previewDeclared } from "../../provider/core/import";

function fakeStack(envVars: Record<string, string>, seen: Array<string | undefined>, fail = false): Stack {
  return {
    name: "dev",
    workspace: { envVars, projectSettings: async () => ({ name: "infra", runtime: "nodejs" }) },
    preview: async (options: PreviewOptions) => {
      seen.push(envVars.PULUMI_SKIP_CHECKPOINTS);
      if (fail && options.target) throw new Error("the program failed");
      return {} as never;
    },
  } as unknown as Stack;
}

describe("previewDeclared", () => {
  it("runs both previews without checkpoints and leaves the stack's environment as it was", async () => {
    const env: Record<string, string> = { PULUMI_CONFIG_PASSPHRASE: "x" };
    const seen: Array<string | undefined> = [];
    await previewDeclared(fakeStack(env, seen));
    expect(seen).toEqual(["true", "true"]);
    expect(env).toEqual({ PULUMI_CONFIG_PASSPHRASE: "x" });
  });

  it("puts back a setting the stack had, also when a preview fails", async () => {
    const env: Record<string, string> = { PULUMI_SKIP_CHECKPOINTS: "false" };
    const seen: Array<string | undefined> = [];
    await expect(previewDeclared(fakeStack(env, seen, true))).rejects.toThrow("the program failed");
    expect(seen).toEqual(["true", "true"]);
    expect(env).toEqual({ PULUMI_SKIP_CHECKPOINTS: "false" });
  });
});
