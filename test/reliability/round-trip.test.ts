// The wire mapping round-trips: for generated programs, what the provider writes to each
// emulator reads back equal to what was declared, and the next diff is empty (no spurious
// diff after an apply). Requests go over real HTTP, signed and authenticated as in production.
import fc from "fast-check";
import { createCommvaultEmulator, COMMVAULT_SEED, COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import type { EmulatorServer } from "../../emulators/core/server";
import {
  createWickrEmulator,
  DEFAULT_SECURITY_GROUP_SETTINGS,
  DEFAULT_VARIANT,
  MESSAGE_LIFETIME_SETTINGS,
  messageLifetimeLimit,
  SSO_NETWORK_ID,
  WICKR_TEST_CREDENTIALS,
  WICKR_TEST_REGION,
} from "../../emulators/wickr";
import { settingsShape } from "../../provider/core/definition";
import { canonicalize, diffDeclared, overlay, project } from "../../provider/core/diff";
import { closeAllPools, HttpClient } from "../../provider/core/http";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import * as cvOps from "../../provider/commvault/operations";
import { CommvaultSession } from "../../provider/commvault/protocol";
import { emptyGroupView, planPuts, viewFromWire as cvView } from "../../provider/commvault/wire";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import * as wOps from "../../provider/wickr/operations";
import { wickrProtocol } from "../../provider/wickr/protocol";
import { securityGroupSettingsSchema, SSO_ONLY_SETTINGS } from "../../provider/wickr/schema";
import { applyChange } from "../../provider/wickr/update";
import { updateBody, viewFromWire as wickrView } from "../../provider/wickr/wire";
import { validValue } from "./arbitrary";

const RUNS = Number(process.env.ROUND_TRIP_RUNS ?? 100);

afterAll(() => closeAllPools());

describe("Wickr: written settings read back equal", () => {
  let emu: EmulatorServer;
  let http: HttpClient;
  const shape = settingsShape(wickrSecurityGroupDefinition);

  beforeAll(async () => {
    emu = createWickrEmulator();
    await emu.listen();
    http = new HttpClient(wickrProtocol(WICKR_TEST_REGION, async () => WICKR_TEST_CREDENTIALS), { endpoint: emu.url, retry: { maxRetries: 0 } });
  });
  afterAll(() => emu.close());

  // The groups live in a PREMIUM network (the seeded SSO one), whose plan refuses nothing.
  const DEFAULT_NETWORK_ID = SSO_NETWORK_ID;
  // Settings that break no rule once laid over a new group's defaults: neither the provider's nor
  // the two the provider leaves to the service (they rest on contradictory documents; the
  // emulator's default variant enforces them). Message lifetimes are brought within the
  // PREMIUM plan's limit as the emulator plays it (365 days; the provider refuses only beyond
  // 366, the most lenient reading of "1 year").
  const settingsArb = validValue(securityGroupSettingsSchema)
    .map((s) => {
      const copy = { ...(s as Record<string, unknown>) };
      for (const k of SSO_ONLY_SETTINGS) delete copy[k];
      const year = messageLifetimeLimit(DEFAULT_VARIANT, "PREMIUM");
      for (const k of MESSAGE_LIFETIME_SETTINGS) if (typeof copy[k] === "number") copy[k] = (copy[k] as number) % (year + 1);
      return copy;
    })
    .filter((declared) => securityGroupSettingsSchema.safeParse(declared).success)
    .filter((declared) => {
      const after = overlay(shape, { securityGroupSettings: { ...DEFAULT_SECURITY_GROUP_SETTINGS } }, { securityGroupSettings: declared });
      const s = after.securityGroupSettings as Record<string, unknown>;
      const disputed = (s.enableGuestFederation === true && s.globalFederation !== true) || ((s.permittedNetworks as unknown[]).length > 0 && s.federationMode !== 2);
      return !disputed && (wickrSecurityGroupDefinition.rules?.(after, { securityGroupSettings: declared }, { networkAccessLevel: "PREMIUM" }) ?? []).length === 0;
    });

  it(`${RUNS} generated settings: one UpdateSecurityGroup, read back equal, no diff after`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(settingsArb, async (settings) => {
        const created = await wOps.createSecurityGroup(http, { networkId: DEFAULT_NETWORK_ID, name: `rt-${n++}`, securityGroupSettings: {}, clientToken: `rt-token-${n}` });
        const declared = { securityGroupSettings: settings };
        // Planned against a read, as the provider does (the create answer may not carry every setting).
        const read = await wOps.getSecurityGroup(http, DEFAULT_NETWORK_ID, created.id);
        const current = wickrView(DEFAULT_NETWORK_ID, read);
        const body = updateBody(diffDeclared(shape, declared, current), declared, current);
        if (body) await applyChange(http, { networkId: DEFAULT_NETWORK_ID, current: read, body });
        const view = wickrView(DEFAULT_NETWORK_ID, await wOps.getSecurityGroup(http, DEFAULT_NETWORK_ID, created.id));
        await wOps.deleteSecurityGroup(http, DEFAULT_NETWORK_ID, created.id);
        expect(diffDeclared(shape, declared, view)).toEqual([]);
        expect(project(shape, view, declared)).toEqual(canonicalize(shape, declared));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("Commvault: written fields and memberships read back equal", () => {
  let emu: EmulatorServer;
  let http: HttpClient;
  const shape = settingsShape(commvaultUserGroupDefinition);

  beforeAll(async () => {
    emu = createCommvaultEmulator();
    await emu.listen();
    const cfg = { url: emu.url, ...COMMVAULT_TEST_CREDENTIALS, resumeCreates: [], http: {} as never };
    const options = { endpoint: emu.url, retry: { maxRetries: 0 } };
    http = new HttpClient(new CommvaultSession(cfg, options).protocol(), options);
  });
  afterAll(() => emu.close());

  const users = Object.values(COMMVAULT_SEED.users);
  const externals = Object.values(COMMVAULT_SEED.externalGroups);
  const plans = Object.values(COMMVAULT_SEED.plans);
  /** A directory entry referred to by name, by id, or by both: every form the schema allows. */
  const refTo = (e: { id: number; name: string }) => fc.constantFrom<unknown>(e.name, e.id, { id: e.id }, { name: e.name.toUpperCase() }, { id: e.id, name: e.name });
  const subsetRefs = (entries: Array<{ id: number; name: string }>) =>
    fc.subarray(entries).chain((chosen): fc.Arbitrary<unknown[]> => (chosen.length === 0 ? fc.constant<unknown[]>([]) : fc.tuple(...chosen.map(refTo))));

  const fieldsArb = fc
    .record(
      {
        description: fc.string({ maxLength: 20 }),
        enabled: fc.boolean(),
        quota: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
        laptopAdmins: fc.boolean(),
        azureGUID: fc.uuid(),
        doNotInheritRestrictConsoleTypes: fc.boolean(),
        laptopPlan: fc.option(fc.constantFrom(...plans).chain(refTo), { nil: undefined }),
        users: subsetRefs(users),
        associatedExternalGroups: subsetRefs(externals),
        restrictConsoleTypes: fc.subarray(["COMMANDCENTER", "WEBCONSOLE", "COMMCELLCONSOLE", "API", "MOBILE"]),
      },
      { requiredKeys: [] },
    )
    .map(({ quota, ...rest }) => ({ ...rest, ...(quota === undefined ? {} : { enforceFSQuota: true, quotaLimitInGB: quota }) }));

  it(`${RUNS} generated groups: POST, at most two PUTs, read back equal, no diff after`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fieldsArb, fc.shuffledSubarray(users, { minLength: 0 }), async (fields, shuffled) => {
        const name = `rt-group-${n++}`;
        const { id } = await cvOps.createUserGroup(http, { name });
        const declared = { name, ...fields } as Record<string, unknown>;
        const rest = { ...declared };
        delete rest.name;
        const puts = planPuts(diffDeclared(shape, rest, emptyGroupView()), rest, emptyGroupView());
        expect(puts.length).toBeLessThanOrEqual(1); // a new group only gains: one PUT
        for (const body of puts) await cvOps.updateUserGroup(http, id, body);
        const view = cvView(await cvOps.getUserGroup(http, id));
        expect(diffDeclared(shape, declared, view)).toEqual([]);
        expect(project(shape, view, declared)).toEqual(canonicalize(shape, declared));
        // Any new membership is reached in at most two PUTs, and then reads back equal too.
        const next = { ...declared, users: shuffled.map((u) => u.name) };
        const changePuts = planPuts(diffDeclared(shape, next, view), next, view);
        expect(changePuts.length).toBeLessThanOrEqual(2);
        for (const body of changePuts) await cvOps.updateUserGroup(http, id, body);
        const after = cvView(await cvOps.getUserGroup(http, id));
        expect(diffDeclared(shape, next, after)).toEqual([]);
        await cvOps.deleteUserGroup(http, id);
      }),
      { numRuns: RUNS },
    );
  });
});
