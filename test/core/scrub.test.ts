// The scrubber (provider/core/errors.ts): every form a registered secret can take on its way to a
// message, and short secrets scrubbed as whole tokens without mangling ordinary text.
import fc from "fast-check";
import { registerSecret, scrub, secretFormsOf } from "../../provider/core/errors";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("scrub: every form of a registered secret", () => {
  it("a token registered with its prefix is scrubbed bare, trimmed, base64, URL-encoded and JSON-escaped", () => {
    const bare = "a1b2c3d4e5f6/+tok=en";
    registerSecret(`  QSDK ${bare}\n`);
    for (const text of [
      `token QSDK ${bare} refused`,
      `token ${bare} refused`,
      `Authtoken:${bare}`,
      `b64 ${b64(bare)} and ${b64(`QSDK ${bare}`)}`,
      `url ?t=${encodeURIComponent(bare)}`,
      `json {"t":${JSON.stringify(bare)}}`,
    ]) {
      expect(scrub(text)).not.toContain(bare.slice(0, 8));
      expect(scrub(text)).toContain("[redacted]");
    }
    expect(scrub(`token QSDK ${bare} refused`)).toBe("token [redacted] refused");
  });

  it("a JSON-escaped secret (quotes, backslashes, newlines) is scrubbed as the escaped text", () => {
    const secret = 'pa"ss\\word\nline';
    registerSecret(secret);
    expect(scrub(`{"password":${JSON.stringify(secret)}}`)).toBe('{"password":"[redacted]"}');
  });

  it("base64 without padding is scrubbed too", () => {
    const secret = "padded-secret-77";
    registerSecret(secret);
    const unpadded = b64(secret).replace(/=+$/, "");
    expect(scrub(`x ${unpadded} y`)).toBe("x [redacted] y");
  });

  it("lists the forms it registers", () => {
    expect(secretFormsOf(" Bearer xyz9 ")).toEqual(expect.arrayContaining([" Bearer xyz9 ", "Bearer xyz9", "xyz9", b64("xyz9"), encodeURIComponent(" Bearer xyz9 ")]));
  });
});

describe("scrub: short secrets (1-3 characters) are registered and scrubbed as whole tokens", () => {
  it("a 3-character password with a digit or symbol is scrubbed wherever it stands alone", () => {
    registerSecret("Q7#");
    expect(scrub("login failed for password Q7# (user admin)")).toBe("login failed for password [redacted] (user admin)");
    expect(scrub('{"password":"Q7#"}')).toBe('{"password":"[redacted]"}');
    expect(scrub(`base64 ${b64("Q7#")}`)).toBe("base64 [redacted]");
    // Inside a longer word it is not a password: the message keeps its text.
    expect(scrub("XQ7#Y")).toBe("XQ7#Y");
  });

  it("a letters-only short secret is scrubbed where a value is printed (quoted, after : or =), never inside words", () => {
    registerSecret("to");
    expect(scrub('password "to" refused')).toBe('password "[redacted]" refused');
    expect(scrub("password: to")).toBe("password: [redacted]");
    expect(scrub("password=to")).toBe("password=[redacted]");
    const prose = "the group to adopt is not there; restore top settings";
    expect(scrub(prose)).toBe(prose);
  });

  it("scrubbing leaves text without a secret unchanged (property)", () => {
    registerSecret("k9");
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.includes("k9") && !text.includes(b64("k9").replace(/=+$/, "")));
        expect(scrub(text)).toBe(text);
      }),
    );
  });

  it("a scrubbed text never holds a registered secret of 4 characters or more (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 4, maxLength: 12 }).filter((s) => s.trim().length >= 4 && !/redacted/.test(s)), fc.string(), fc.string(), (secret, before, after) => {
        registerSecret(secret);
        expect(scrub(`${before}${secret}${after}`)).not.toContain(secret.trim());
      }),
      { numRuns: 200 },
    );
  });
});
