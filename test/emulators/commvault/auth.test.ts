import {
  ACCESS_DENIED_MESSAGE,
  COMMVAULT_TEST_ACCESS_TOKEN,
  COMMVAULT_TEST_CREDENTIALS,
  CommvaultErrorCode,
} from "../../../emulators/commvault";
import { base64, sleep, startCommvault, type Harness } from "./helpers";

const DENIED = { errorCode: CommvaultErrorCode.accessDenied, errorMessage: ACCESS_DENIED_MESSAGE };

describe("Commvault emulator: login, tokens and logout", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startCommvault({ tokenTtlSeconds: 0.3 });
  });
  afterAll(() => h.server.close());
  beforeEach(() => h.control.reset());

  it("logs in with a base64 password and answers a QSDK token", async () => {
    const res = await h.login();
    expect(res.status).toBe(200);
    expect(res.body.token).toMatch(/^QSDK [0-9a-f]{64}$/);
    expect(res.body.userName).toBe(COMMVAULT_TEST_CREDENTIALS.username);
    const list = await h.call("GET", "/V4/UserGroup", undefined, res.body.token);
    expect(list.status).toBe(200);
  });

  it("refuses a wrong password, a wrong user and a password that is not base64 (200 with errList by default, 401 as a variant)", async () => {
    const listed = { errList: [{ errorCode: CommvaultErrorCode.invalidCredentials, errLogMessage: "Invalid username or password" }] };
    const bad = await h.login("nope");
    expect(bad).toEqual(expect.objectContaining({ status: 200, body: listed }));
    const plain = await h.call("POST", "/Login", COMMVAULT_TEST_CREDENTIALS, null);
    expect(plain).toMatchObject({ status: 200, body: listed });
    await h.control.service("variants", { loginFailure: "http401" });
    const wrong = { errorCode: CommvaultErrorCode.invalidCredentials, errorMessage: "Invalid username or password" };
    const user = await h.call("POST", "/Login", { username: "root", password: base64(COMMVAULT_TEST_CREDENTIALS.password) }, null);
    expect(user).toMatchObject({ status: 401, body: wrong });
    await h.control.reset();
    const malformed = await h.call("POST", "/Login", { username: "admin" }, null);
    expect(malformed.status).toBe(400);
    expect(malformed.body.errorMessage).toContain("password");
  });

  it("the request log keeps no password, right or wrong, in any form (issue 19, defect 12)", async () => {
    const wrong = "possibly-real-password-6612";
    await h.login(wrong);
    const ok = await h.login();
    expect(ok.status).toBe(200);
    const log = await h.control.log();
    expect(log.filter((e) => e.operation === "Login")).toHaveLength(2);
    expect(log[0].body).toEqual({ username: COMMVAULT_TEST_CREDENTIALS.username, password: "[redacted]" });
    const text = JSON.stringify(log);
    for (const password of [wrong, COMMVAULT_TEST_CREDENTIALS.password]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain(base64(password));
    }
    expect(text).not.toContain(ok.body.token.slice(5));
  });

  it("answers 401 for a missing, unknown, logged-out or expired token", async () => {
    expect(await h.call("GET", "/V4/UserGroup", undefined, null)).toMatchObject({ status: 401, body: DENIED });
    expect(await h.call("GET", "/V4/UserGroup", undefined, "QSDK 1234")).toMatchObject({ status: 401, body: DENIED });

    const token = (await h.login()).body.token as string;
    expect((await h.call("POST", "/Logout", undefined, token)).body).toEqual({ errorMessage: "", errorCode: 0 });
    expect(await h.call("GET", "/V4/UserGroup/1", undefined, token)).toMatchObject({ status: 401, body: DENIED });
    expect(await h.call("POST", "/Logout", undefined, token)).toMatchObject({ status: 401, body: DENIED });

    const short = (await h.login()).body.token as string;
    expect((await h.call("GET", "/V4/UserGroup", undefined, short)).status).toBe(200);
    await sleep(350);
    expect(await h.call("GET", "/V4/UserGroup", undefined, short)).toMatchObject({ status: 401, body: DENIED });
  });

  it("keeps the long-lived access token valid through logout, expire-tokens and reset", async () => {
    const session = (await h.login()).body.token as string;
    await h.call("POST", "/Logout");
    const expired = await h.control.service<{ expired: number }>("expire-tokens");
    expect(expired.expired).toBe(1);
    expect((await h.call("GET", "/V4/UserGroup", undefined, session)).status).toBe(401);
    await h.control.reset();
    expect((await h.call("GET", "/V4/UserGroup", undefined, COMMVAULT_TEST_ACCESS_TOKEN)).status).toBe(200);
  });

  it("expireToken fault: expires the request's token and answers 401", async () => {
    const token = (await h.login()).body.token as string;
    await h.control.faults([{ kind: "expireToken", match: { operation: "GetUserGroup" } }]);
    expect(await h.call("GET", "/V4/UserGroup/1", undefined, token)).toMatchObject({ status: 401, body: DENIED });
    expect((await h.call("GET", "/V4/UserGroup", undefined, token)).status).toBe(401);
    const again = (await h.login()).body.token as string;
    expect((await h.call("GET", "/V4/UserGroup/1", undefined, again)).status).toBe(200);
    const log = await h.control.log();
    expect(log.find((e) => e.operation === "GetUserGroup")?.fault).toBe("expireToken");
  });
});
