// Provider settings: stack config first, then environment variables in order; secrets are
// registered so that no message can show them (nor their base64 form).
import {
  ConfigSource,
  emptyConfig,
  readBooleanSetting,
  readHttpOptions,
  retryOptions,
  readNumberSetting,
  readSetting,
} from "../../provider/core/config";
import { InputError, scrub, ServiceError } from "../../provider/core/errors";

const config = (values: Record<string, string | undefined>): ConfigSource => ({ get: (k) => values[k] });
const b64 = (v: string) => Buffer.from(v, "utf8").toString("base64");

describe("readSetting", () => {
  const spec = { key: "svc:region", env: ["SVC_REGION", "AWS_REGION"] };

  it("prefers the stack config over the environment", () => {
    expect(readSetting(config({ "svc:region": "from-config" }), spec, { SVC_REGION: "env1", AWS_REGION: "env2" })).toBe("from-config");
  });

  it("falls back to the environment variables in order", () => {
    expect(readSetting(emptyConfig, spec, { SVC_REGION: "env1", AWS_REGION: "env2" })).toBe("env1");
    expect(readSetting(emptyConfig, spec, { AWS_REGION: "env2" })).toBe("env2");
    expect(readSetting(emptyConfig, spec, { SVC_REGION: "", AWS_REGION: "env2" })).toBe("env2");
  });

  it("treats an empty config value as not set", () => {
    expect(readSetting(config({ "svc:region": "" }), spec, { AWS_REGION: "env2" })).toBe("env2");
    expect(readSetting(config({ "svc:region": "" }), spec, {})).toBeUndefined();
  });

  it("is undefined when nothing is set, and with no env list reads config only", () => {
    expect(readSetting(emptyConfig, spec, {})).toBeUndefined();
    expect(readSetting(emptyConfig, { key: "svc:x" }, { SVC_X: "ignored" })).toBeUndefined();
    expect(readSetting(config({ "svc:x": "y" }), { key: "svc:x" }, {})).toBe("y");
  });

  it("reads process.env by default", () => {
    const name = "CORE_CONFIG_TEST_VARIABLE_81734";
    process.env[name] = "from-process";
    try {
      expect(readSetting(emptyConfig, { key: "svc:none", env: [name] })).toBe("from-process");
    } finally {
      delete process.env[name];
    }
  });
});

describe("secret settings", () => {
  it("a secret from config is registered: scrub hides it and its base64 form", () => {
    const secret = "cfg-secret-value-AAA111";
    expect(scrub(`x ${secret} y`)).toContain(secret); // not registered yet
    expect(readSetting(config({ "svc:token": secret }), { key: "svc:token", secret: true }, {})).toBe(secret);
    expect(scrub(`x ${secret} y`)).toBe("x [redacted] y");
    expect(scrub(`Basic ${b64(secret)}`)).toBe("Basic [redacted]");
    expect(scrub(`${secret}${secret}`)).toBe("[redacted][redacted]");
  });

  it("a secret from the environment fallback is registered too", () => {
    const secret = "env-secret-value-BBB222";
    expect(readSetting(emptyConfig, { key: "svc:token", env: ["A", "B"], secret: true }, { B: secret })).toBe(secret);
    expect(scrub(`token=${secret}`)).toBe("token=[redacted]");
    expect(scrub(b64(secret))).toBe("[redacted]");
  });

  it("a setting not marked secret is not registered", () => {
    const plain = "plain-value-CCC333";
    readSetting(config({ "svc:url": plain }), { key: "svc:url" }, {});
    expect(scrub(plain)).toBe(plain);
  });

  it("only the secret that was read is registered, not the ones shadowed by it", () => {
    const used = "used-secret-DDD444";
    const shadowed = "shadowed-secret-EEE555";
    readSetting(config({ "svc:token": used }), { key: "svc:token", env: ["T"], secret: true }, { T: shadowed });
    expect(scrub(`${used} ${shadowed}`)).toBe(`[redacted] ${shadowed}`);
  });

  it("registered secrets are scrubbed from ServiceError and InputError messages", () => {
    const secret = "err-secret-FFF666";
    readSetting(config({ "svc:token": secret }), { key: "svc:token", secret: true }, {});
    const se = new ServiceError({ service: "svc", operation: "Op", status: 400, serviceMessage: `bad ${secret}`, reasons: [{ field: "f", reason: b64(secret) }] });
    expect(se.message).not.toContain(secret);
    expect(se.message).not.toContain(b64(secret));
    expect(se.serviceMessage).toBe("bad [redacted]");
    expect(se.stack ?? "").not.toContain(secret);
    const ie = new InputError("Thing", [{ path: "token", reason: `must not be ${secret}` }]);
    expect(ie.message).toContain("token: must not be [redacted]");
  });
});

describe("typed settings", () => {
  it("reads numbers and rejects what is not one", () => {
    expect(readNumberSetting(config({ "svc:n": "42" }), { key: "svc:n" }, {})).toBe(42);
    expect(readNumberSetting(emptyConfig, { key: "svc:n", env: ["N"] }, { N: "1.5" })).toBe(1.5);
    expect(readNumberSetting(emptyConfig, { key: "svc:n" }, {})).toBeUndefined();
    expect(() => readNumberSetting(config({ "svc:n": "many" }), { key: "svc:n" }, {})).toThrow('configuration svc:n must be a number, got "many"');
  });

  it("reads booleans and rejects what is not one", () => {
    for (const t of ["true", "TRUE", "1", "yes"]) expect(readBooleanSetting(config({ k: t }), { key: "k" }, {})).toBe(true);
    for (const f of ["false", "False", "0", "no"]) expect(readBooleanSetting(config({ k: f }), { key: "k" }, {})).toBe(false);
    expect(readBooleanSetting(emptyConfig, { key: "k" }, {})).toBeUndefined();
    expect(() => readBooleanSetting(config({ k: "maybe" }), { key: "k" }, {})).toThrow("configuration k must be true or false");
  });

  it("readHttpOptions reads the namespaced keys with the prefixed environment fallback", () => {
    const name = "CORETEST_MAX_RETRIES";
    process.env[name] = "7";
    try {
      const http = readHttpOptions(config({ "svc:requestTimeoutMs": "1500", "svc:maxRetryAfterSeconds": "30" }), "svc", "CORETEST");
      expect(http).toEqual({
        requestTimeoutMs: 1500,
        connectTimeoutMs: undefined,
        maxRetries: 7,
        maxRetryAfterSeconds: 30,
        requestsPerSecond: undefined,
      });
      expect(retryOptions(http)).toEqual({ maxRetries: 7, maxRetryAfterMs: 30_000 });
      expect(retryOptions({})).toEqual({});
    } finally {
      delete process.env[name];
    }
  });
});
