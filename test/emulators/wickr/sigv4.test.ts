// SigV4 on the Wickr emulator: signed requests pass; every refusal is a 403 in the shape an AWS
// front door gives, and no refusal echoes the secret key or the provided signature.
import { DEFAULT_GROUP_ID, DEFAULT_NETWORK_ID, WICKR_TEST_CREDENTIALS } from "../../../emulators/wickr";
import { parseAmzDate, parseAuthorization } from "../../../emulators/wickr/sigv4";
import { CallResult, groupPath, groupsPath, startWickr, WickrHarness } from "./helpers";

let h: WickrHarness;
beforeAll(async () => {
  h = await startWickr();
});
afterAll(() => h.emulator.close());
beforeEach(() => h.control.reset());

const path = groupPath(DEFAULT_NETWORK_ID, DEFAULT_GROUP_ID);
const MISMATCH = /^The request signature we calculated does not match the signature you provided\./;

function expectRefusal(res: CallResult, type: string, message: string | RegExp): void {
  expect(res.status).toBe(403);
  expect(res.headers.get("x-amzn-errortype")).toBe(type);
  expect(Object.keys(res.body)).toEqual(["message"]);
  expect(res.body.message).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
  expect(res.text).not.toContain(WICKR_TEST_CREDENTIALS.secretAccessKey);
}

describe("accepted signatures", () => {
  it("accepts GET, POST with a body, PATCH and a signed query", async () => {
    expect((await h.client.get(path)).status).toBe(200);
    expect((await h.client.post(groupsPath(DEFAULT_NETWORK_ID), { name: "s", securityGroupSettings: {} })).status).toBe(200);
    expect((await h.client.patch(path, { name: "renamed" })).status).toBe(200);
    const listed = await h.client.get(groupsPath(DEFAULT_NETWORK_ID), { query: { maxResults: "1", sortFields: "name" } });
    expect(listed.status).toBe(200);
    const next = await h.client.get(groupsPath(DEFAULT_NETWORK_ID), { query: { maxResults: "1", nextToken: listed.body.nextToken } });
    expect(next.status).toBe(200);
  });

  it("accepts a body signed without x-amz-content-sha256", async () => {
    const res = await h.client.patch(path, { name: "no-checksum" }, { applyChecksum: false });
    expect(res.status).toBe(200);
  });

  it("accepts dates within the allowed skew", async () => {
    expect((await h.client.get(path, { signingDate: new Date(Date.now() - 4 * 60_000) })).status).toBe(200);
    expect((await h.client.get(path, { signingDate: new Date(Date.now() + 4 * 60_000) })).status).toBe(200);
  });
});

describe("refusals", () => {
  it("missing Authorization → MissingAuthenticationTokenException", async () => {
    expectRefusal(await h.client.get(path, { unsigned: true }), "MissingAuthenticationTokenException", "Missing Authentication Token");
  });

  it("malformed Authorization or missing x-amz-date → IncompleteSignatureException", async () => {
    const malformed = await h.client.get(path, { alter: (hd) => (hd.authorization = "Bearer abc") });
    expectRefusal(malformed, "IncompleteSignatureException", /Credential/);
    const noDate = await h.client.get(path, { alter: (hd) => delete hd["x-amz-date"] });
    expectRefusal(noDate, "IncompleteSignatureException", /X-Amz-Date/);
  });

  it("unknown access key → UnrecognizedClientException", async () => {
    const res = await h.client.get(path, { credentials: { accessKeyId: "AKIAUNKNOWN000000000", secretAccessKey: "whatever" } });
    expectRefusal(res, "UnrecognizedClientException", "The security token included in the request is invalid.");
  });

  it("wrong secret → InvalidSignatureException without echoing the signature", async () => {
    let provided = "";
    const res = await h.client.get(path, {
      credentials: { accessKeyId: WICKR_TEST_CREDENTIALS.accessKeyId, secretAccessKey: "not-the-secret" },
      alter: (hd) => (provided = /Signature=([0-9a-f]+)/.exec(hd.authorization)![1]),
    });
    expectRefusal(res, "InvalidSignatureException", MISMATCH);
    expect(res.text).not.toContain(provided);
  });

  it("wrong service or region scope → InvalidSignatureException", async () => {
    expectRefusal(await h.client.get(path, { service: "execute-api" }), "InvalidSignatureException", "Credential should be scoped to correct service: 'wickr'.");
    expectRefusal(await h.client.get(path, { region: "eu-west-1" }), "InvalidSignatureException", /scoped to a valid region/);
  });

  it("stale or future date → InvalidSignatureException", async () => {
    const stale = await h.client.get(path, { signingDate: new Date(Date.now() - 10 * 60_000) });
    expectRefusal(stale, "InvalidSignatureException", /^Signature expired: \d{8}T\d{6}Z is now earlier than/);
    const future = await h.client.get(path, { signingDate: new Date(Date.now() + 10 * 60_000) });
    expectRefusal(future, "InvalidSignatureException", /^Signature not yet current:/);
  });

  it("tampered body → payload hash or signature mismatch; nothing changes", async () => {
    const signed = JSON.stringify({ name: "signed" });
    const sent = JSON.stringify({ name: "tampered" });
    const withHash = await h.client.call("PATCH", path, { rawBody: signed, sendBody: sent });
    expectRefusal(withHash, "InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.");
    const withoutHash = await h.client.call("PATCH", path, { rawBody: signed, sendBody: sent, applyChecksum: false });
    expectRefusal(withoutHash, "InvalidSignatureException", MISMATCH);
    expect((await h.client.get(path)).body.securityGroup.name).toBe("default");
  });

  it("tampered query, path or signed header → signature mismatch", async () => {
    const query = await h.client.get(groupsPath(DEFAULT_NETWORK_ID), { query: { maxResults: "1" }, sendQuery: { maxResults: "2" } });
    expectRefusal(query, "InvalidSignatureException", MISMATCH);
    const otherPath = await h.client.get(path, { sendPath: groupPath(DEFAULT_NETWORK_ID, "other000") });
    expectRefusal(otherPath, "InvalidSignatureException", MISMATCH);
    const header = await h.client.get(path, { headers: { "x-client-token": "a" }, alter: (hd) => (hd["x-client-token"] = "b") });
    expectRefusal(header, "InvalidSignatureException", MISMATCH);
    const date = await h.client.get(path, { alter: (hd) => (hd["x-amz-date"] = hd["x-amz-date"].replace(/\d\dZ$/, (s) => (s === "00Z" ? "01Z" : "00Z"))) });
    expectRefusal(date, "InvalidSignatureException", MISMATCH);
  });

  it("host not among the signed headers → InvalidSignatureException", async () => {
    const res = await h.client.get(path, { unsignableHeaders: new Set(["host"]) });
    expectRefusal(res, "InvalidSignatureException", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it("the request log keeps no secret key, session token or signature (issue 19, defect 12)", async () => {
    const sessionToken = "wickr-session-token-secret-7781";
    const credentials = { ...WICKR_TEST_CREDENTIALS, sessionToken } as typeof WICKR_TEST_CREDENTIALS;
    await h.client.get(path, { credentials });
    // A presigned-style request: the credential, token and signature in the query.
    const presigned = { "X-Amz-Credential": `${WICKR_TEST_CREDENTIALS.accessKeyId}/x`, "X-Amz-Security-Token": sessionToken, "X-Amz-Signature": "deadbeef0123456789abcdef" };
    await h.client.get(path, { unsigned: true, sendQuery: presigned });
    const text = JSON.stringify(await h.control.log());
    expect(text).toContain("GetSecurityGroup"); // the log is the real thing
    for (const secret of [WICKR_TEST_CREDENTIALS.secretAccessKey, sessionToken, "deadbeef0123456789abcdef"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("refusals appear in the request log with their error type", async () => {
    await h.client.get(path, { unsigned: true });
    const [entry] = await h.control.log();
    expect(entry).toMatchObject({ operation: "GetSecurityGroup", status: 403, error: "MissingAuthenticationTokenException" });
  });
});

describe("options", () => {
  it("serves another region, other keys and a tighter skew", async () => {
    const creds = { accessKeyId: "AKIAOTHER00000000001", secretAccessKey: "other-secret" };
    const other = await startWickr({ region: "eu-central-1", credentials: [creds], maxClockSkewSeconds: 60 });
    try {
      expect((await other.client.get(path, { region: "eu-central-1", credentials: creds })).status).toBe(200);
      expect((await other.client.get(path, { region: "eu-central-1" })).status).toBe(403);
      const stale = await other.client.get(path, { region: "eu-central-1", credentials: creds, signingDate: new Date(Date.now() - 120_000) });
      expectRefusal(stale, "InvalidSignatureException", /Signature expired/);
      const network = await other.client.get(`/networks/${DEFAULT_NETWORK_ID}`, { region: "eu-central-1", credentials: creds });
      expect(network.body.networkArn).toBe(`arn:aws:wickr:eu-central-1:123456789012:network/${DEFAULT_NETWORK_ID}`);
    } finally {
      await other.emulator.close();
    }
  });
});

describe("parsers", () => {
  it("parses an Authorization header and an x-amz-date", () => {
    const sig = "a".repeat(64);
    expect(parseAuthorization(`AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/wickr/aws4_request, SignedHeaders=host;x-amz-date, Signature=${sig}`)).toEqual({
      accessKeyId: "AKID",
      date: "20240102",
      region: "us-east-1",
      service: "wickr",
      signedHeaders: ["host", "x-amz-date"],
      signature: sig,
    });
    expect(parseAuthorization("AWS4-HMAC-SHA256 Credential=AKID/20240102/us-east-1/wickr, SignedHeaders=host, Signature=" + sig)).toBeUndefined();
    expect(parseAmzDate("20240102T030405Z")?.toISOString()).toBe("2024-01-02T03:04:05.000Z");
    expect(parseAmzDate("20240230T000000Z")).toBeUndefined();
    expect(parseAmzDate("2024-01-02T03:04:05Z")).toBeUndefined();
  });
});
