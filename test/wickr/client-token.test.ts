// The CreateSecurityGroup client token: the same for the same resource and network in any
// process, whatever its settings (so a run after an interruption gets the group back, even when
// the program was edited in between: issue 20), different for another resource or network.
import fc from "fast-check";
import { createClientToken } from "../../provider/wickr/client-token";

const request = { networkId: "12345678", name: "ops", securityGroupSettings: { lockoutThreshold: 8, calling: { canVideoCall: false, canStart11Call: true } } };
const identity = "infra/prod/wickr:WickrSecurityGroup/ops";

describe("createClientToken", () => {
  it("is a valid ClientToken (1..64 of [a-zA-Z0-9-_:])", () => {
    expect(createClientToken(identity, request)).toMatch(/^[a-zA-Z0-9-_:]{1,64}$/);
    expect(createClientToken(undefined, request)).toMatch(/^[a-zA-Z0-9-_:]{1,64}$/);
  });

  it("is the same for the same resource and network, whatever the settings or the group name (issue 20)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 10 }), (name, lockoutThreshold) => {
        const edited = { ...request, name, securityGroupSettings: { ...request.securityGroupSettings, lockoutThreshold } };
        expect(createClientToken(identity, edited)).toBe(createClientToken(identity, request));
      }),
    );
  });

  it("differs for another resource declaring the same group (another stack or name), or another network", () => {
    expect(createClientToken("infra/dev/wickr:WickrSecurityGroup/ops", request)).not.toBe(createClientToken(identity, request));
    expect(createClientToken("infra/prod/wickr:WickrSecurityGroup/ops2", request)).not.toBe(createClientToken(identity, request));
    expect(createClientToken(identity, { ...request, networkId: "87654321" })).not.toBe(createClientToken(identity, request));
  });

  it("steps past answered groups the user said are stale, the same way in every process", () => {
    const stepped = createClientToken(identity, request, ["g1"]);
    expect(stepped).not.toBe(createClientToken(identity, request));
    expect(createClientToken(identity, request, ["g1"])).toBe(stepped);
    expect(createClientToken(identity, request, ["g1", "g2"])).not.toBe(stepped);
  });

  it("without an identity (a handler used directly), the request stands in for it, whatever the key order", () => {
    const reordered = { securityGroupSettings: { calling: { canStart11Call: true, canVideoCall: false }, lockoutThreshold: 8 }, name: "ops", networkId: "12345678" };
    expect(createClientToken(undefined, reordered)).toBe(createClientToken(undefined, request));
    expect(createClientToken(undefined, { ...request, name: "other" })).not.toBe(createClientToken(undefined, request));
  });
});
