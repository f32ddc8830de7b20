// The policy pack through the real engine: `preview` of a new stack with the pack (and policy
// config files) against the emulators. A preview creates nothing; the policies see the
// planned inputs. One stack, its program swapped per case.
import * as fs from "node:fs";
import * as path from "node:path";
import type { EngineEvent, PolicyEvent, PulumiFn } from "@pulumi/pulumi/automation";
import { COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { startEmulators, RunningEmulators } from "../../emulators/cli";
import { EmulatorControl } from "../../emulators/core/control-client";
import { DEFAULT_NETWORK_ID, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION } from "../../emulators/wickr";
import { exampleProgram, Stage } from "../../examples/infra/program";
import { CommvaultUserGroup, WickrSecurityGroup } from "../../provider";
import { BASELINE_SPECS } from "../../policy/baseline";
import { TestStack } from "../support/engine";

const PACK = path.resolve(__dirname, "..", "..", "policy");

interface Finding {
  policy: string;
  resource: string;
  /** "mandatory" or "advisory" (the event's type declaration says "warning"; the engine sends "advisory"). */
  level: string;
  message: string;
}

interface PolicyPreview {
  ok: boolean;
  findings: Finding[];
  /** The engine's text output (on failure: the CommandError's message, which carries it). */
  output: string;
}

const DESCRIPTIONS = new Map(BASELINE_SPECS.map((s) => [s.name, s.description]));

/** The violation itself: a reported violation's event message is the policy's description, a newline, then the violation. */
function violationOf(e: PolicyEvent): string {
  const prefix = `${DESCRIPTIONS.get(e.policyName)}\n`;
  return (e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message).trim();
}

describe("policy pack through the engine", () => {
  let emulators: RunningEmulators;
  let stack: TestStack;
  let configCount = 0;

  beforeAll(async () => {
    emulators = await startEmulators();
    stack = await TestStack.create(async () => undefined, {
      projectName: "policy-test",
      config: {
        "wickr:region": { value: WICKR_TEST_REGION },
        "wickr:endpoint": { value: emulators.wickr.url },
        "commvault:url": { value: emulators.commvault.url },
        "commvault:username": { value: COMMVAULT_TEST_CREDENTIALS.username },
        "commvault:password": { value: COMMVAULT_TEST_CREDENTIALS.password, secret: true },
      },
      env: { AWS_ACCESS_KEY_ID: WICKR_TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: WICKR_TEST_CREDENTIALS.secretAccessKey },
    });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulators?.close();
  });

  async function preview(program: PulumiFn, policyConfig?: object): Promise<PolicyPreview> {
    stack.setProgram(program);
    const policyPackConfigs: string[] = [];
    if (policyConfig) {
      const file = path.join(stack.dir, `policy-config-${++configCount}.json`);
      fs.writeFileSync(file, JSON.stringify(policyConfig));
      policyPackConfigs.push(file);
    }
    const events: PolicyEvent[] = [];
    const onEvent = (e: EngineEvent) => {
      if (e.policyEvent) events.push(e.policyEvent);
    };
    let ok = true;
    let output: string;
    try {
      output = (await stack.stack.preview({ diff: true, policyPacks: [PACK], policyPackConfigs, onEvent })).stdout;
    } catch (err) {
      ok = false;
      output = err instanceof Error ? err.message : String(err);
    }
    const findings = events
      .map((e) => ({ policy: e.policyName, resource: e.resourceUrn?.split("::").pop() ?? "", level: e.enforcementLevel, message: violationOf(e) }))
      .sort((a, b) => {
        const [x, y] = [`${a.policy}/${a.resource}/${a.message}`, `${b.policy}/${b.resource}/${b.message}`];
        return x < y ? -1 : x > y ? 1 : 0;
      });
    return { ok, findings, output };
  }

  const example = (stage: Stage) => exampleProgram({ stage, wickrNetworkId: DEFAULT_NETWORK_ID });

  const WEAK_CLASSES = ["lowercase", "numbers", "symbols", "uppercase"].map(
    (k) => `securityGroupSettings.passwordRequirements.${k} is 0; the baseline requires at least 1`,
  );

  it("fails the demo's noncompliant stage with the mandatory violations, naming path and value", async () => {
    const res = await preview(example("noncompliant"));
    expect(res.ok).toBe(false);
    expect(res.findings).toEqual([
      { policy: "commvault-two-factor-authentication", resource: "ops", level: "mandatory", message: 'enableTwoFactorAuthentication is "OFF"; the baseline requires "ON"' },
      ...WEAK_CLASSES.map((message) => ({ policy: "wickr-password-character-classes", resource: "field-team", level: "advisory", message })),
      {
        policy: "wickr-password-length",
        resource: "field-team",
        level: "mandatory",
        message: "securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12",
      },
    ]);
    // The failure's own text carries the violations too (what a CLI user sees).
    expect(res.output).toContain("securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12");
    expect(res.output).toContain("[mandatory]");
    expect(res.output).toContain("wickr-password-length");
  });

  it("passes the demo's initial stage with no finding", async () => {
    const res = await preview(example("initial"));
    expect(res).toMatchObject({ ok: true, findings: [] });
    expect(res.output).toContain("wickr-commvault-baseline");
  });

  it("policy config can make the mandatory policies advisory: the preview succeeds and shows them", async () => {
    const res = await preview(example("noncompliant"), {
      "wickr-password-length": "advisory",
      "commvault-two-factor-authentication": { enforcementLevel: "advisory" },
    });
    expect(res.ok).toBe(true);
    expect(res.findings.filter((f) => f.policy !== "wickr-password-character-classes")).toEqual([
      { policy: "commvault-two-factor-authentication", resource: "ops", level: "advisory", message: 'enableTwoFactorAuthentication is "OFF"; the baseline requires "ON"' },
      {
        policy: "wickr-password-length",
        resource: "field-team",
        level: "advisory",
        message: "securityGroupSettings.passwordRequirements.minLength is 6; the baseline requires at least 12",
      },
    ]);
    expect(res.output).toContain("[advisory]");
  });

  it("policy config changes thresholds: values that failed pass", async () => {
    const res = await preview(example("noncompliant"), {
      "wickr-password-length": { minLength: 6 },
      "wickr-password-character-classes": { lowercase: 0, uppercase: 0, numbers: 0, symbols: 0 },
      "commvault-two-factor-authentication": "disabled",
    });
    expect(res).toMatchObject({ ok: true, findings: [] });
  });

  it("reports the rest of the baseline, undeclared settings on request, and defers values not known during preview", async () => {
    const program: PulumiFn = async () => {
      const open = new WickrSecurityGroup("wide-open", {
        networkId: DEFAULT_NETWORK_ID,
        name: "wide-open",
        securityGroupSettings: {
          passwordRequirements: { minLength: 16, lowercase: 1, uppercase: 1, numbers: 1, symbols: 1 },
          lockoutThreshold: 20,
          maxTtl: 7776000,
          maxBor: 604800,
          shredder: { intensity: 20 },
          globalFederation: true,
          enableGuestFederation: true,
          enableRestrictedGlobalFederation: false,
          permittedNetworks: ["11223344", "99887766"],
          federationMode: 2,
          enableFileDownload: true,
          maxAutoDownloadSize: 7340032,
        },
      });
      // Adopted, declaring one setting: the rest is not managed.
      new WickrSecurityGroup("network-default", { networkId: DEFAULT_NETWORK_ID, adopt: "default", securityGroupSettings: { lockoutThreshold: 10 } });
      // A setting computed from another resource's output is not known during preview.
      new WickrSecurityGroup("derived", {
        networkId: DEFAULT_NETWORK_ID,
        name: "derived",
        securityGroupSettings: { maxTtl: open.activeMembers.apply(() => 604800), maxBor: 604800 },
      });
      new CommvaultUserGroup("contractors", {
        name: "contractors",
        enforceFSQuota: false,
        allowMultipleCompanyMembers: true,
        restrictConsoleTypes: ["API"],
      });
    };
    const res = await preview(program, {
      "wickr-password-length": { requireDeclared: true },
      "commvault-two-factor-authentication": { requireDeclared: true },
      "wickr-federation-allow-list": { permittedNetworkIds: ["11223344"] },
    });
    expect(res.ok).toBe(false);
    const M = "mandatory";
    const W = "advisory";
    expect(res.findings.map((f) => [f.policy, f.resource, f.level, f.message])).toEqual([
      ["commvault-console-restrictions", "contractors", W, 'restrictConsoleTypes is ["API"]; the baseline requires it to include "COMMCELLCONSOLE"'],
      ["commvault-multi-company-members", "contractors", W, "allowMultipleCompanyMembers is true; the baseline requires false"],
      ["commvault-quota-enforced", "contractors", W, "enforceFSQuota is false; the baseline requires true"],
      ["commvault-two-factor-authentication", "contractors", M, 'enableTwoFactorAuthentication is not managed (not declared); the baseline requires "ON"'],
      [
        "wickr-federation-allow-list",
        "wide-open",
        M,
        "securityGroupSettings.globalFederation is true and securityGroupSettings.enableRestrictedGlobalFederation is false; the baseline requires global federation only restricted to permitted networks (securityGroupSettings.enableRestrictedGlobalFederation true)",
      ],
      [
        "wickr-federation-allow-list",
        "wide-open",
        M,
        'securityGroupSettings.permittedNetworks[1] is "99887766"; the baseline requires only the networks "11223344"',
      ],
      ["wickr-file-download", "wide-open", W, "securityGroupSettings.maxAutoDownloadSize is 7340032; the baseline requires at most 512000"],
      ["wickr-guest-federation", "wide-open", M, "securityGroupSettings.enableGuestFederation is true; the baseline requires false"],
      ["wickr-lockout-threshold", "wide-open", M, "securityGroupSettings.lockoutThreshold is 20; the baseline requires between 1 and 10"],
      // The known maxBor is checked; the maxTtl not known yet gets the engine's advisory (checked at `up`).
      [
        "wickr-message-expiry",
        "derived",
        W,
        expect.stringMatching(/^can't run policy 'wickr-message-expiry' from policy pack 'wickr-commvault-baseline@v0\.1\.0' during preview: \w+ value at \.securityGroupSettings\.maxTtl can't be known during preview$/),
      ],
      ["wickr-message-expiry", "derived", W, "securityGroupSettings.maxBor is 604800 (7 days); the baseline requires at most 86400 (1 day)"],
      ["wickr-message-expiry", "wide-open", W, "securityGroupSettings.maxBor is 604800 (7 days); the baseline requires at most 86400 (1 day)"],
      ["wickr-message-expiry", "wide-open", W, "securityGroupSettings.maxTtl is 7776000 (90 days); the baseline requires between 1 and 2592000 (30 days)"],
      ["wickr-password-length", "derived", M, "securityGroupSettings.passwordRequirements.minLength is not managed (not declared); the baseline requires at least 12"],
      ["wickr-password-length", "network-default", M, "securityGroupSettings.passwordRequirements.minLength is not managed (not declared); the baseline requires at least 12"],
      ["wickr-shredder-intensity", "wide-open", W, "securityGroupSettings.shredder.intensity is 20; the baseline requires at least 60"],
    ]);
  });

  it("restrictLocalFederation passes no federationMode until told the numbering, then only that reading's restricted one (issue 20)", async () => {
    const partners = (federationMode: 1 | 2): PulumiFn => async () => {
      new WickrSecurityGroup("partners", { networkId: DEFAULT_NETWORK_ID, name: "partners", securityGroupSettings: { federationMode, permittedNetworks: ["11223344"] } });
    };
    const run = async (federationMode: 1 | 2, federationNumbering?: string) => {
      const res = await preview(partners(federationMode), { "wickr-federation-allow-list": { restrictLocalFederation: true, ...(federationNumbering ? { federationNumbering } : {}) } });
      return { ok: res.ok, findings: res.findings.filter((f) => f.policy === "wickr-federation-allow-list").map((f) => [f.level, f.message]) };
    };
    // Not told: 2 is global federation under the update document's reading, so it is blocked.
    expect(await run(2)).toEqual({ ok: false, findings: [["mandatory", expect.stringMatching(/^securityGroupSettings\.federationMode is 2 .*set federationNumbering in this policy's config/)]] });
    // The update document's reading (the Terraform fork's, the emulator's update-doc variant): 2 blocked, 1 passes.
    expect(await run(2, "update-doc")).toEqual({ ok: false, findings: [["mandatory", expect.stringMatching(/^securityGroupSettings\.federationMode is 2 \(global federation\)/)]] });
    expect(await run(1, "update-doc")).toEqual({ ok: true, findings: [] });
    // The member docs' reading: 2 restricted passes, 1 blocked.
    expect(await run(2, "member-doc")).toEqual({ ok: true, findings: [] });
    expect(await run(1, "member-doc")).toEqual({ ok: false, findings: [["mandatory", expect.stringMatching(/^securityGroupSettings\.federationMode is 1 \(federated with any network\)/)]] });
  });

  it("refuses bad policy config: the CLI checks the config schema, the pack refuses unknown keys", async () => {
    const badType = await preview(example("initial"), { "wickr-password-length": { minLength: "twelve" } });
    expect(badType.ok).toBe(false);
    expect(badType.findings).toEqual([]);
    expect(badType.output).toMatch(/error: validating policy config: wickr-commvault-baseline 0\.1\.0 +wickr-password-length: minLength: Invalid type\. Expected: integer, given: string/);

    const misspelt = await preview(example("initial"), { "wickr-shredder-intensity": { minIntensty: 100 } });
    expect(misspelt.ok).toBe(false);
    expect(misspelt.output).toContain('policy config for wickr-shredder-intensity has unknown key "minIntensty" (known: minIntensity, requireDeclared)');
  });

  it("previews with the pack wrote nothing to either service", async () => {
    for (const server of [emulators.wickr, emulators.commvault]) {
      const log = await new EmulatorControl(server.controlUrl).log();
      expect(log.filter((e) => e.method !== "GET" && e.operation !== "Login")).toEqual([]);
    }
  });
});
