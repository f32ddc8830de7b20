// Issue 19: a property test of the program discover writes. For arbitrary Unicode text (full
// code-unit range with lone surrogates, U+2028/U+2029, CR, LF, star-slash, quotes, backslashes,
// bidi controls) in every field a service returns (group names, descriptions, ids, member and
// plan names, finding text, the reason a group is not written), the written program
//   - compiles under strict tsc against the provider's own types (compiler API, in process; all
//     the cases' programs in one compiler run after the property, each program a file),
//   - declares exactly the expected resources with byte-identical values (evaluated in a node:vm
//     context whose package import records each constructor call; deep equality),
//   - and runs nothing else (the context holds only the recorder; a canary stays unset).
import * as path from "node:path";
import * as vm from "node:vm";
import fc from "fast-check";
import * as ts from "typescript";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import type { DiscoveredGroup } from "../../cli/discover/model";
import { assignNames, renderProgram } from "../../cli/discover/program";

const REPO = path.resolve(__dirname, "..", "..");
const FILE = path.join(REPO, "test", "discover", "__written__.ts");

/** Text that stresses every escape: arbitrary code units, and the characters that broke it before. */
const NASTY = ["\u2028", "\u2029", "\r", "\n", "\r\n", "*/", "/*", "//", '"', "'", "`", "\\", "${", "\u202e", "\u2066", "\u200f", "\ufeff", "\u0000", "\u001b[31m", "\ud800", "\udfff", "\u0085", "globalThis.canary = 1;", "__proto__"];
const text = fc.array(fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.constantFrom(...NASTY)), { maxLength: 6 }).map((parts) => parts.join(""));
const nonEmpty = text.filter((s) => s.length > 0);

const finding = fc.record({ path: text, reason: text });

const commvaultGroup = fc.record({
  id: text,
  groupName: text,
  name: nonEmpty,
  description: fc.option(text, { nil: undefined }),
  users: fc.option(fc.array(nonEmpty, { maxLength: 3 }), { nil: undefined }),
  associatedExternalGroups: fc.option(fc.array(nonEmpty, { maxLength: 2 }), { nil: undefined }),
  laptopPlan: fc.option(nonEmpty, { nil: undefined }),
  azureGUID: fc.option(text, { nil: undefined }),
  findings: fc.array(finding, { maxLength: 2 }),
  skipped: fc.option(text, { nil: undefined }),
});

const wickrGroup = fc.record({
  id: text,
  groupName: text,
  networkId: text,
  name: nonEmpty,
  lockoutThreshold: fc.option(fc.integer({ min: 3, max: 999 }), { nil: undefined }),
  isDefault: fc.boolean(),
  findings: fc.array(finding, { maxLength: 2 }),
  skipped: fc.option(text, { nil: undefined }),
});

const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

type Generated<A> = A extends fc.Arbitrary<infer T> ? T : never;

function toDiscovered(cv: Array<Generated<typeof commvaultGroup>>, wickr: Array<Generated<typeof wickrGroup>>): DiscoveredGroup[] {
  const groups: DiscoveredGroup[] = [];
  for (const g of wickr) {
    groups.push({
      service: "wickr", def: wickrSecurityGroupDefinition, id: g.id, groupName: g.groupName, networkId: g.networkId, isDefault: g.isDefault,
      args: defined({ networkId: g.networkId, name: g.name, ...(g.isDefault ? { adopt: "default" } : {}), securityGroupSettings: g.lockoutThreshold === undefined ? undefined : { lockoutThreshold: g.lockoutThreshold } }),
      recorded: {}, findings: g.findings, unmanaged: [], skipped: g.skipped,
    });
  }
  for (const g of cv) {
    groups.push({
      service: "commvault", def: commvaultUserGroupDefinition, id: g.id, groupName: g.groupName, isDefault: false,
      args: defined({ name: g.name, description: g.description, users: g.users, associatedExternalGroups: g.associatedExternalGroups, laptopPlan: g.laptopPlan, azureGUID: g.azureGUID }),
      recorded: {}, findings: g.findings, unmanaged: [], skipped: g.skipped,
    });
  }
  assignNames(groups.filter((g) => !g.skipped));
  return groups;
}

/**
 * Strict tsc's errors per program, all checked in one compiler run (one checker for every case:
 * a checker per case costs about a second against the provider's sources), each program a file.
 */
function strictErrors(programs: string[]): Array<{ program: string; errors: string[] }> {
  const options: ts.CompilerOptions = {
    strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true, skipLibCheck: true, types: [], baseUrl: REPO, paths: { "pulumi-wickr-commvault": [path.join(REPO, "provider", "index.ts")] },
  };
  const files = new Map(programs.map((program, i) => [path.join(REPO, "test", "discover", `__written_${i}__.ts`), program]));
  const base = ts.createCompilerHost(options);
  const host: ts.CompilerHost = {
    ...base,
    fileExists: (f) => files.has(f) || base.fileExists(f),
    readFile: (f) => files.get(f) ?? base.readFile(f),
    getSourceFile: (f, version, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f) as string, version, true) : base.getSourceFile(f, version, ...rest)),
  };
  const compiled = ts.createProgram([...files.keys()], options, host);
  return [...files].map(([file, program]) => ({
    program,
    errors: ts.getPreEmitDiagnostics(compiled, compiled.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
  }));
}

/** Evaluates the program with only a recording `require` and `exports`: the constructor calls it makes, and the context after. */
function evaluate(program: string) {
  const js = ts.transpileModule(program, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const calls: Array<{ type: string; name: string; args: unknown }> = [];
  const recorder = (type: string) =>
    function Resource(name: string, args: unknown) {
      calls.push({ type, name, args });
    };
  const stubs = Object.freeze({ WickrSecurityGroup: recorder("WickrSecurityGroup"), CommvaultUserGroup: recorder("CommvaultUserGroup") });
  const context = vm.createContext({ exports: {}, require: (id: string) => (id === "pulumi-wickr-commvault" ? stubs : undefined) });
  vm.runInContext(js, context, { timeout: 1000 });
  return { calls, context: context as Record<string, unknown> };
}

describe("the program discover writes, for arbitrary Unicode from the services", () => {
  it("compiles under strict tsc, declares exactly the expected resources with identical values, and runs nothing else", () => {
    const started = Date.now();
    const programs: string[] = [];
    fc.assert(
      fc.property(fc.array(commvaultGroup, { maxLength: 3 }), fc.array(wickrGroup, { maxLength: 2 }), text, (cv, wickr, header) => {
        const groups = toDiscovered(cv, wickr);
        const written = groups.filter((g) => !g.skipped);
        const program = renderProgram(written, header, groups.filter((g) => g.skipped));
        expect(program).toMatch(/^[\x20-\x7e\n]*$/);
        programs.push(program);
        const { calls, context } = evaluate(program);
        const CLASS = { wickr: "WickrSecurityGroup", commvault: "CommvaultUserGroup" } as const;
        // vm values come from another realm: compared through a structured clone.
        expect(structuredClone(calls)).toEqual(written.map((g) => ({ type: CLASS[g.service], name: g.resourceName, args: g.args })));
        expect(Object.keys(context).sort()).toEqual(["exports", "require"]);
        expect((globalThis as Record<string, unknown>).canary).toBeUndefined();
      }),
      { numRuns: 200 },
    );
    // Every written program compiles under strict tsc against the provider's types.
    expect(strictErrors(programs).filter((r) => r.errors.length > 0)).toEqual([]);
    // Bounded for CI.
    expect(Date.now() - started).toBeLessThan(60_000);
  }, 120_000);
});
