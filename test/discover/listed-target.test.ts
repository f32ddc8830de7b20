// discover --import-into records a listed group as listed (no read) only for a service the
// stack's configuration targets as discover's did: otherwise the stack would hold a group that
// another endpoint, region or CommServe answered, and its provider would later act on that id
// where it points. sameTargets decides it (cli/discover/listed-target.ts).
import { sameTargets } from "../../cli/discover/listed-target";

const ENV_KEYS = ["AWS_REGION", "AWS_DEFAULT_REGION", "WICKR_ENDPOINT", "AWS_ENDPOINT_URL_WICKR", "AWS_ENDPOINT_URL", "AWS_USE_FIPS_ENDPOINT", "AWS_PROFILE", "COMMVAULT_URL", "COMMVAULT_USERNAME", "COMMVAULT_PASSWORD", "COMMVAULT_TOKEN"];

const LISTED: Record<string, string> = {
  "wickr:region": "us-east-1",
  "wickr:endpoint": "http://127.0.0.1:4566",
  "commvault:url": "https://commserve.example/commandcenter/api",
  "commvault:username": "admin",
};

/** A stack whose config is `values` (the Automation API's getAllConfig form). */
const stackWith = (values: Record<string, string>) => ({
  getAllConfig: async () => Object.fromEntries(Object.entries(values).map(([k, value]) => [k, { value, secret: false }])),
});
const listedWith = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("which services a stack targets as discover listed them", () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of ENV_KEYS) delete process.env[k];
    process.env.COMMVAULT_PASSWORD = "from-the-environment";
  });
  afterAll(() => {
    process.env = saved;
  });

  it("the same region, endpoint, CommServe and user: both", async () => {
    expect([...(await sameTargets(stackWith(LISTED), listedWith(LISTED)))].sort()).toEqual(["commvault", "wickr"]);
  });

  it.each([
    ["another Wickr endpoint", { "wickr:endpoint": "http://127.0.0.1:9999" }, ["commvault"]],
    ["another Wickr region", { "wickr:region": "eu-west-1" }, ["commvault"]],
    ["another AWS profile", { "wickr:profile": "prod" }, ["commvault"]],
    ["another CommServe", { "commvault:url": "https://other.example/commandcenter/api" }, ["wickr"]],
    ["another Commvault user", { "commvault:username": "tenant-admin" }, ["wickr"]],
  ])("%s in the stack: only the other service", async (_what, change, same) => {
    expect([...(await sameTargets(stackWith({ ...LISTED, ...change }), listedWith(LISTED)))].sort()).toEqual(same);
  });

  it("a stack with no configuration for a service (its provider could not run), or a listing without one: not that service", async () => {
    const { "commvault:url": _url, ...noCommvault } = LISTED;
    expect([...(await sameTargets(stackWith(noCommvault), listedWith(LISTED)))]).toEqual(["wickr"]);
    const { "wickr:region": _region, ...noWickr } = LISTED;
    expect([...(await sameTargets(stackWith(LISTED), listedWith(noWickr)))]).toEqual(["commvault"]);
  });

  it("the same default endpoint reached through the region alone, on both sides: the same", async () => {
    const { "wickr:endpoint": _e, ...byRegion } = LISTED;
    expect((await sameTargets(stackWith(byRegion), listedWith(byRegion))).has("wickr")).toBe(true);
    expect((await sameTargets(stackWith(byRegion), listedWith(LISTED))).has("wickr")).toBe(false);
  });
});
