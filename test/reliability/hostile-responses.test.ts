// Hostile responses: malformed JSON, missing or wrongly typed fields, huge bodies, very slow
// answers and values the provider does not know. Each gives a clear error or a tolerant read,
// never a crash; a failed read or write returns nothing, so the engine keeps the old state.
import { closeAllPools } from "../../provider/core/http";
import { ServiceError } from "../../provider/core/errors";
import { REPORTED } from "../../provider/core/bridge";
import { commvaultUserGroupProvider } from "../../provider/commvault/runtime";
import { wickrSecurityGroupProvider } from "../../provider/wickr/runtime";
import { hang, json, raw, ScriptedServer, startScriptedServer } from "../core/scripted-server";

const group = (settings: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  securityGroup: { id: "g1", name: "field", isDefault: false, activeMembers: 1, botMembers: 0, modified: 1, securityGroupSettings: { lockoutThreshold: 5, ...settings }, ...extra },
});


describe("hostile responses", () => {
  let server: ScriptedServer;
  const config = (entries: Record<string, string>) => ({
    config: {
      get: (k: string) => entries[k],
      require: (k: string) => entries[k] ?? "",
    },
  });

  beforeAll(async () => {
    server = await startScriptedServer();
    process.env.AWS_ACCESS_KEY_ID = "AKIAHOSTILETEST00001";
    process.env.AWS_SECRET_ACCESS_KEY = "hostile-test-secret-key-00000000000000001";
  });
  afterAll(async () => {
    await server.close();
    await closeAllPools();
  });

  describe("Wickr", () => {
    beforeEach(async () => {
      await wickrSecurityGroupProvider.configure!(
        config({ "wickr:region": "us-east-1", "wickr:endpoint": server.url, "wickr:maxRetries": "1", "wickr:requestTimeoutMs": "400" }),
      );
    });
    const read = () => wickrSecurityGroupProvider.read!("12345678/g1", { networkId: "12345678", securityGroupSettings: { federationMode: 1 } });

    it.each([
      ["malformed JSON", raw(200, "{not json"), /GetSecurityGroup failed: HTTP 200 MalformedResponse: the answer is not valid JSON/],
      ["a missing required field", json(200, { securityGroup: { name: "x" } }), /MalformedResponse: unexpected answer \(securityGroup\.id: /],
      ["a wrongly typed field", json(200, group({}, { name: 5 })), /MalformedResponse: unexpected answer \(securityGroup\.name: /],
      ["an empty body", raw(200, ""), /MalformedResponse: unexpected answer/],
      ["an error status with an HTML body", raw(502, "<html>bad gateway</html>"), /GetSecurityGroup failed: HTTP 502/],
      ["a huge body", raw(200, JSON.stringify(group({ quickResponses: ["x".repeat(9 * 1024 * 1024)] }))), /ResponseTooLarge/],
    ])("%s: a clear error, no crash", async (_name, step, message) => {
      server.script(step);
      const err = await read().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ServiceError);
      expect((err as Error).message).toMatch(message);
    });

    it("a very slow answer: times out, retries once, then a clear error", async () => {
      server.script(hang);
      const before = server.requests.length;
      await expect(read()).rejects.toThrow(/GetSecurityGroup failed: no answer ETIMEDOUT: no answer within 400 ms/);
      expect(server.requests.length - before).toBe(2);
    });

    it("unknown settings and unknown values are kept and read tolerantly; the diff still works", async () => {
      // The group, then its network (the plan decides which rules apply).
      server.script(json(200, group({ federationMode: 7, brandNewSetting: { a: 1 } })), json(200, { networkId: "12345678", accessLevel: "PREMIUM" }));
      const result = await read();
      const reported = (result.props as Record<string, any>)[REPORTED];
      expect(reported.securityGroupSettings).toMatchObject({ federationMode: 7, brandNewSetting: { a: 1 } });
      expect(result.inputs).toEqual({ networkId: "12345678", securityGroupSettings: { federationMode: 7 } });
      const diff = await wickrSecurityGroupProvider.diff!("12345678/g1", result.props, { networkId: "12345678", securityGroupSettings: { federationMode: 1 } });
      expect(diff.changes).not.toBe(false);
    });
  });

  describe("Commvault", () => {
    beforeEach(async () => {
      await commvaultUserGroupProvider.configure!(config({ "commvault:url": server.url, "commvault:token": "QSDK hostile-test-token", "commvault:maxRetries": "0" }));
    });
    const read = () => commvaultUserGroupProvider.read!("7", { name: "ops", enableTwoFactorAuthentication: "ON", restrictConsoleTypes: ["API"] });

    it("unknown enum values read tolerantly and make a diff, not a crash", async () => {
      server.script(json(200, { id: 7, name: "ops", enableTwoFactorAuthentication: "SOMETHING_NEW", restrictedConsoleTypes: [{ consoleType: "HOLOGRAM" }] }));
      const result = await read();
      expect(result.inputs).toEqual({ name: "ops", enableTwoFactorAuthentication: "SOMETHING_NEW", restrictConsoleTypes: ["HOLOGRAM"] });
      const diff = await commvaultUserGroupProvider.diff!("7", result.props, { name: "ops", enableTwoFactorAuthentication: "ON", restrictConsoleTypes: ["API"] });
      expect(diff.changes).not.toBe(false);
    });

    it.each([
      ["HTTP 200 with a non-zero errorCode", json(200, { errorCode: 3, errorMessage: "it broke" }), /GetUserGroup failed: HTTP 200 errorCode 3: it broke/],
      ["a wrongly typed id", json(200, { id: "seven", name: "ops" }), /MalformedResponse: unexpected answer \(id: /],
      ["malformed JSON", raw(200, "[[["), /MalformedResponse: the answer is not valid JSON/],
    ])("%s: a clear error", async (_name, step, message) => {
      server.script(step);
      await expect(read()).rejects.toThrow(message);
    });

    it("a failed update returns nothing: the engine keeps the old state", async () => {
      server.script(json(200, { errorCode: 22, errorMessage: "User group name already exists" }));
      const olds = { name: "ops", [REPORTED]: { name: "ops", users: [] } };
      await expect(commvaultUserGroupProvider.update!("7", olds, { name: "taken" })).rejects.toThrow(/UpdateUserGroup failed: HTTP 200 errorCode 22: User group name already exists/);
    });
  });
});
