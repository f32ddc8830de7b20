// The emulators at estate scale (issue 23): a generated estate seeded in one go (start option and
// control), and a request-rate quota that belongs to the account, shared by all its clients.
import { RateLimiter } from "../../emulators/core/rate-limit";
import { estateSeeds, estateNetworkIds, WICKR_OTHER_ACCOUNT_CREDENTIALS } from "../../emulators/wickr";
import { estateGroups } from "../../emulators/commvault";
import { groupsPath, startWickr, WickrTestClient } from "./wickr/helpers";
import { startCommvault } from "./commvault/helpers";

describe("RateLimiter", () => {
  it("gives each account its own window, shared by every request of that account", () => {
    const limiter = new RateLimiter();
    limiter.configure(2, "fixed-window");
    const t = 1_000_000;
    expect([limiter.take(t, "a"), limiter.take(t + 1, "a"), limiter.take(t + 2, "a")]).toEqual([undefined, undefined, 1]);
    expect(limiter.take(t + 3, "b")).toBeUndefined();
    expect(limiter.take(t + 1000, "a")).toBeUndefined();
  });

  it("fixed window: the time between one window's end and the next request is lost", () => {
    const limiter = new RateLimiter("fixed-window");
    limiter.configure(2);
    const t = 1_000_000;
    expect([limiter.take(t), limiter.take(t + 10)]).toEqual([undefined, undefined]);
    // The next window starts at the first request after this one ended (t + 1300), not at t + 1000.
    expect([limiter.take(t + 1300), limiter.take(t + 1310), limiter.take(t + 2100)]).toEqual([undefined, undefined, 1]);
  });

  it("token bucket: a burst of one second's requests, then a steady refill at the rate, per account", () => {
    const limiter = new RateLimiter("token-bucket");
    limiter.configure(4);
    const t = 1_000_000;
    // A full bucket: 4 at once, the fifth refused.
    expect([0, 1, 2, 3, 4].map((i) => limiter.take(t + i, "a"))).toEqual([undefined, undefined, undefined, undefined, 1]);
    expect(limiter.take(t + 5, "b")).toBeUndefined();
    // One token every 250 ms: none lost between "windows".
    expect(limiter.take(t + 240, "a")).toBe(1);
    expect(limiter.take(t + 255, "a")).toBeUndefined();
    expect(limiter.take(t + 490, "a")).toBe(1);
    expect(limiter.take(t + 510, "a")).toBeUndefined();
    // Idle for long: the bucket holds at most one second's burst.
    expect([0, 1, 2, 3, 4].map((i) => limiter.take(t + 60_000 + i, "a"))).toEqual([undefined, undefined, undefined, undefined, 1]);
  });

  it("takes the algorithm from configure, and refuses an unknown one", () => {
    const limiter = new RateLimiter("token-bucket");
    limiter.configure(1, "fixed-window");
    const t = 1_000_000;
    expect([limiter.take(t), limiter.take(t + 999), limiter.take(t + 1000)]).toEqual([undefined, 1, undefined]);
    expect(() => limiter.configure(1, "leaky" as never)).toThrow("algorithm must be one of token-bucket, fixed-window");
  });
});

describe("the generated estates", () => {
  it("Wickr: networks of groupsPerNetwork groups each (the default one included), ids counting up, the same each time", () => {
    const estate = { networks: 3, groupsPerNetwork: 4, firstNetworkId: "00000099" };
    const seeds = estateSeeds(estate);
    expect(estateNetworkIds(estate)).toEqual(["00000099", "00000100", "00000101"]);
    expect(seeds.map((s) => s.groups?.length)).toEqual([4, 4, 4]);
    expect(seeds.map((s) => s.accessLevel)).toEqual(["PREMIUM", "STANDARD", "PREMIUM"]);
    expect(seeds[0].groups?.filter((g) => g.isDefault)).toHaveLength(1);
    expect(new Set(seeds.flatMap((s) => s.groups?.map((g) => g.id))).size).toBe(12);
    expect(estateSeeds(estate)).toEqual(seeds);
  });

  it("Commvault: user groups with ids counting up from firstId", () => {
    const groups = estateGroups({ userGroups: 5, firstId: 2000 });
    expect(groups.map((g) => g.id)).toEqual([2000, 2001, 2002, 2003, 2004]);
    expect(new Set(groups.map((g) => g.name)).size).toBe(5);
  });
});

describe("Wickr emulator at scale", () => {
  it("seeds 100 networks of 100 groups from the start option in a few seconds at most, and again at reset", async () => {
    const started = Date.now();
    const h = await startWickr({ estate: { networks: 100, groupsPerNetwork: 100 } });
    try {
      expect(Date.now() - started).toBeLessThan(5_000);
      const state = await h.control.service<{ networks: Array<{ networkId: string; groups: unknown[] }> }>("state");
      const estate = state.networks.filter((n) => n.networkId.startsWith("4"));
      expect(estate).toHaveLength(100);
      expect(estate.reduce((k, n) => k + n.groups.length, 0)).toBe(10_000);
      // One page at the largest page size the API allows holds a whole network.
      const page = await h.client.get(groupsPath(estate[0].networkId), { query: { maxResults: "100" } });
      expect(page.status).toBe(200);
      expect(page.body.securityGroups).toHaveLength(100);
      expect(page.body.nextToken).toBeUndefined();
      await h.control.reset();
      const after = await h.control.service<{ networks: unknown[] }>("state");
      expect(after.networks).toHaveLength(102);
    } finally {
      await h.emulator.close();
    }
  });

  it("seed-estate control: one call for the whole estate; a bad body is refused naming the member", async () => {
    const h = await startWickr();
    try {
      const answer = await h.control.service<{ networks: string[]; groups: number }>("seed-estate", { networks: 100, groupsPerNetwork: 100 });
      expect(answer.networks).toHaveLength(100);
      expect(answer.groups).toBe(10_000);
      await expect(h.control.service("seed-estate", { networks: 1, groupsPerNetwork: 101 })).rejects.toThrow(/groupsPerNetwork must be an integer from 1 to 100/);
      await expect(h.control.service("seed-estate", { networks: 1, groupsPerNetwork: 1, extra: 1 })).rejects.toThrow(/extra is not an estate member/);
    } finally {
      await h.emulator.close();
    }
  });

  it("the rate limit is the account's: two clients of one account share it, another account has its own", async () => {
    const h = await startWickr();
    try {
      await h.control.rateLimit(4);
      const second = new WickrTestClient(h.client.baseUrl);
      const path = groupsPath("12345678");
      // 8 requests at once, 4 from each of two clients of the same account: at most 4 in the window.
      const both = await Promise.all(Array.from({ length: 8 }, (_, i) => (i % 2 ? h.client : second).get(path)));
      expect(both.filter((r) => r.status === 200)).toHaveLength(4);
      expect(both.filter((r) => r.status === 429).every((r) => r.headers.get("x-amzn-errortype") === "RateLimitError")).toBe(true);
      // Another account's requests draw on its own quota (answered 403: it owns no network).
      const other = await h.client.get(path, { credentials: WICKR_OTHER_ACCOUNT_CREDENTIALS });
      expect(other.status).toBe(403);
    } finally {
      await h.emulator.close();
    }
  });
});

describe("Commvault emulator at scale", () => {
  it("seeds 10,000 user groups from the start option and by control, listed in one call", async () => {
    const h = await startCommvault({ estate: { userGroups: 10_000 } });
    try {
      const list = await h.call("GET", "/V4/UserGroup");
      expect(list.body.userGroups).toHaveLength(10_003);
      const answer = await h.control.service<{ userGroups: number }>("seed-estate", { userGroups: 10_000, firstId: 100_000 });
      expect(answer.userGroups).toBe(10_000);
      expect((await h.call("GET", "/V4/UserGroup")).body.userGroups).toHaveLength(20_003);
      await h.control.reset();
      expect((await h.call("GET", "/V4/UserGroup")).body.userGroups).toHaveLength(10_003);
      await expect(h.control.service("seed-estate", { userGroups: 0 })).rejects.toThrow(/userGroups must be an integer/);
    } finally {
      await h.server.close();
    }
  });

  it("the CommServe's rate limit is shared by every session", async () => {
    const h = await startCommvault();
    try {
      await h.control.rateLimit(3);
      const a = await h.login();
      const b = await h.login();
      const answers = await Promise.all([a, b, a, b].map((l) => h.call("GET", "/V4/UserGroup", undefined, l.body.token)));
      expect(answers.filter((r) => r.status === 429)).toHaveLength(3);
    } finally {
      await h.server.close();
    }
  });
});
