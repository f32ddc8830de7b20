// Pure logic of CommvaultUserGroup against real CommServes (issue 14) and the create sequence
// (issue 12): id parsing, token prefixes, login error shapes (also against the emulator's two
// variants), reference resolution (once per run, by id, name or both), and the create's states.
import { closeAllPools, HttpClient } from "../../provider/core/http";
import { ServiceError } from "../../provider/core/errors";
import { COMMVAULT_SEED, COMMVAULT_TEST_ACCESS_TOKEN, COMMVAULT_TEST_CREDENTIALS } from "../../emulators/commvault";
import { createGroup, NameTakenError, type CreateSteps } from "../../provider/commvault/create";
import { idSchema } from "../../provider/commvault/operations";
import { CommvaultSession, loginToken, withTokenPrefix } from "../../provider/commvault/protocol";
import { findReference, ReferenceDirectory, UnknownReferenceError } from "../../provider/commvault/references";
import { readReference } from "../../provider/commvault/wire";
import { startEmulator, type Emulator } from "./helpers";

const { users, plans, externalGroups, userGroups } = COMMVAULT_SEED;

describe("ids as the service gives them", () => {
  it.each([
    [7, 7],
    ["7", 7],
    ["2147483647", 2147483647],
  ])("accepts %p as %p", (raw, id) => expect(idSchema.parse(raw)).toBe(id));

  it("refuses what is not a positive integer id", () => {
    for (const raw of ["", "-1", "7a", " 7", 0, -3, 1.5, null, "0x10"]) expect({ raw, ok: idSchema.safeParse(raw).success }).toEqual({ raw, ok: false });
  });

  it("reads member references with string ids as numbers", () => {
    expect(readReference({ id: "11", name: "alice" })).toEqual({ id: 11, name: "alice" });
    expect(readReference({ id: 11 })).toEqual({ id: 11 });
    expect(readReference({ id: "x", name: "bob" })).toEqual({ name: "bob" });
  });
});

describe("tokens and login answers", () => {
  it.each([
    ["abc123", "QSDK abc123"],
    ["  abc123  ", "QSDK abc123"],
    ["QSDK abc123", "QSDK abc123"],
    ["SAML abc123", "SAML abc123"],
    ["Bearer abc123", "Bearer abc123"],
    ["qsdk abc123", "QSDK qsdk abc123"],
  ])("sends the console token %p as %p", (given, sent) => expect(withTokenPrefix(given)).toBe(sent));

  it("has no token for an empty one", () => {
    expect(withTokenPrefix(undefined)).toBeUndefined();
    expect(withTokenPrefix("  ")).toBeUndefined();
  });

  it("takes the token of a successful login", () => expect(loginToken({ token: "QSDK t", errList: [] })).toBe("QSDK t"));

  it.each([
    [{ errList: [{ errorCode: 5, errLogMessage: "Invalid username or password" }] }, /Commvault login failed: Invalid username or password \(errorCode 5\)\. Check commvault:username/],
    [{ errList: [{ errLogMessage: "Account locked" }] }, /Commvault login failed: Account locked\. /],
    [{ errorCode: 5, errorMessage: "Bad credentials" }, /Commvault login failed: Bad credentials\. /],
    [{ token: "" }, /Commvault login failed: the answer carries no token\. /],
    [undefined, /Commvault login failed: the answer carries no token\. /],
  ])("a 200 without a token fails with its reason: %p", (body, message) => expect(() => loginToken(body)).toThrow(message));
});

describe("against the emulator", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    await closeAllPools();
    await emu.server.close();
  });
  beforeEach(() => emu.control.reset());

  const session = (config: { username?: string; password?: string; token?: string }) => {
    const options = { endpoint: emu.url, retry: { maxRetries: 0 } };
    return new HttpClient(new CommvaultSession({ url: emu.url, resumeCreates: [], http: {} as never, ...config }, options).protocol(), options);
  };
  const listGroups = (http: HttpClient) => http.send({ operation: "ListUserGroups", method: "GET", path: "/V4/UserGroup", idempotent: true });

  it.each([["errList200"], ["http401"]])("a wrong password fails with the service's reason and no secret (%s)", async (loginFailure) => {
    await emu.control.service("variants", { loginFailure });
    const err = await listGroups(session({ username: "admin", password: "wrong-password-123" })).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/Invalid username or password/);
    expect(err?.message).not.toContain("wrong-password-123");
    expect(err?.message).not.toContain(Buffer.from("wrong-password-123").toString("base64"));
  });

  it("a console token without its prefix works (QSDK added)", async () => {
    const bare = COMMVAULT_TEST_ACCESS_TOKEN.replace(/^QSDK /, "");
    expect((await listGroups(session({ token: bare }))).status).toBe(200);
    expect((await emu.control.log()).filter((e) => e.status === 401)).toEqual([]);
  });

  it("resolves references from the listings, each read once per run and once more for a missing name", async () => {
    const http = session(COMMVAULT_TEST_CREDENTIALS);
    const directory = new ReferenceDirectory(http);
    expect(await directory.resolve("users", "ALICE")).toEqual(users.alice);
    expect(await directory.resolve("users", users.bob.id)).toEqual(users.bob);
    expect(await directory.resolve("users", { id: users.carol.id, name: "carol" })).toEqual(users.carol);
    expect(await directory.resolve("associatedExternalGroups", "corp\\auditors")).toEqual(externalGroups.auditors);
    expect(await directory.resolve("associatedLocalGroups", "View All")).toEqual(userGroups.viewAll);
    expect(await directory.resolve("laptopPlan", "Laptop-Gold")).toEqual(plans.gold);
    await expect(directory.resolve("users", "zed")).rejects.toThrow(new UnknownReferenceError("user", { name: "zed" }, 'no user named "zed" on the CommServe'));
    await expect(directory.resolve("users", 999)).rejects.toThrow(/no user with id 999 on the CommServe/);
    await expect(directory.resolve("users", { id: users.bob.id, name: "alice" })).rejects.toThrow(/user id 12 is "bob", not "alice"/);
    const lists = (await emu.control.log()).filter((e) => e.method === "GET").map((e) => e.operation);
    expect(lists).toEqual(["ListUsers", "ListAllUserGroups", "ListPlans", "ListUsers"]);

    // Problems name the path; references the previous inputs held are not looked up again.
    expect(await directory.problems({ users: ["alice", "zed"], laptopPlan: "Laptop-Tin" }, {})).toEqual([
      { path: "users[1]", reason: 'no user named "zed" on the CommServe' },
      { path: "laptopPlan", reason: 'no plan named "Laptop-Tin" on the CommServe' },
    ]);
    await emu.control.clearLog();
    expect(await new ReferenceDirectory(http).problems({ users: ["ghost"] }, { users: ["ghost"] })).toEqual([]);
    expect(await emu.control.log()).toEqual([]);
  });

  it("a PUT body gets {id, name} for every reference, members from the group's read as they are", async () => {
    const directory = new ReferenceDirectory(session({ token: COMMVAULT_TEST_ACCESS_TOKEN }));
    const body = await directory.resolveBody(
      { users: [{ name: "alice" }, { id: 77, name: "gone-user" }], userOperationType: "ADD", laptopPlan: { id: plans.silver.id }, newName: "x" },
      (field) => field,
    );
    expect(body).toEqual({ users: [users.alice, { id: 77, name: "gone-user" }], userOperationType: "ADD", laptopPlan: plans.silver, newName: "x" });
  });
});

describe("findReference", () => {
  const entries = [users.alice, users.bob];
  it("matches by id, by name without case, or both when they agree", () => {
    expect(findReference(entries, { id: 11 }, "user")).toEqual(users.alice);
    expect(findReference(entries, { name: "BOB" }, "user")).toEqual(users.bob);
    expect(findReference(entries, { id: 12, name: "bob" }, "user")).toEqual(users.bob);
    expect(findReference(entries, { id: 13 }, "user")).toBeUndefined();
    expect(findReference(entries, { id: 11, name: "zed" }, "user")).toBeUndefined();
  });
});

describe("the create sequence", () => {
  const ambiguous = (status: number) => new ServiceError({ service: "commvault", operation: "CreateUserGroup", status });
  const refused = new ServiceError({ service: "commvault", operation: "CreateUserGroup", status: 200, code: "errorCode 22", serviceMessage: "name taken" });

  /** A scripted service: what each lookup finds and what each POST does. */
  function steps(script: { lookups: Array<number | undefined>; posts: Array<number | ServiceError>; resumes?: boolean }) {
    const calls: string[] = [];
    const s: CreateSteps = {
      findByName: async () => {
        const id = script.lookups.shift();
        calls.push(`lookup:${id ?? "-"}`);
        return id === undefined ? undefined : { id, name: "g" };
      },
      post: async () => {
        const next = script.posts.shift();
        calls.push(`post:${next instanceof ServiceError ? next.status : next}`);
        if (next instanceof ServiceError || next === undefined) throw next ?? new Error("no more posts");
        return next;
      },
      resumes: () => script.resumes ?? false,
      pause: async () => undefined,
    };
    return { s, calls };
  }

  it("probe absent, POST answered: owned", async () => {
    const { s, calls } = steps({ lookups: [undefined], posts: [9] });
    expect(await createGroup("g", s)).toEqual({ kind: "owned", id: 9 });
    expect(calls).toEqual(["lookup:-", "post:9"]);
  });

  it("a name held before the first request is never taken, whatever the POST would answer", async () => {
    const { s, calls } = steps({ lookups: [5], posts: [ambiguous(503)] });
    await expect(createGroup("g", s)).rejects.toEqual(new NameTakenError({ id: 5, name: "g" }));
    expect(calls).toEqual(["lookup:5"]);
  });

  it("a held name is resumed only when resumeCreates names it", async () => {
    const { s } = steps({ lookups: [5], posts: [], resumes: true });
    expect(await createGroup("g", s)).toEqual({ kind: "resumed", id: 5 });
  });

  it("a 5xx then the group there: owned (the name was free before)", async () => {
    const { s, calls } = steps({ lookups: [undefined, 8], posts: [ambiguous(503)] });
    expect(await createGroup("g", s)).toEqual({ kind: "owned", id: 8 });
    expect(calls).toEqual(["lookup:-", "post:503", "lookup:8"]);
  });

  it("a timeout, not there yet, the second POST finds the name taken: the late first POST's group is owned", async () => {
    const { s, calls } = steps({ lookups: [undefined, undefined, 8], posts: [ambiguous(0), refused] });
    expect(await createGroup("g", s)).toEqual({ kind: "owned", id: 8 });
    expect(calls).toEqual(["lookup:-", "post:0", "lookup:-", "post:200", "lookup:8"]);
  });

  it("a refusal without an earlier ambiguous POST is somebody else's group", async () => {
    const { s } = steps({ lookups: [undefined, 6], posts: [refused] });
    await expect(createGroup("g", s)).rejects.toBeInstanceOf(NameTakenError);
  });

  it("gives up after four unanswered POSTs with the last failure", async () => {
    const { s, calls } = steps({ lookups: [undefined, undefined, undefined, undefined, undefined], posts: [ambiguous(0), ambiguous(0), ambiguous(0), ambiguous(502)] });
    await expect(createGroup("g", s)).rejects.toMatchObject({ status: 502 });
    expect(calls.filter((c) => c.startsWith("post"))).toHaveLength(4);
  });
});
