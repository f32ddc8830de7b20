// The CreateSecurityGroup client token: the same for the same resource and request in any
// process (so a run after an interruption gets the group back), different otherwise.
import fc from "fast-check";
import { createClientToken } from "../../provider/wickr/client-token";

const request = { networkId: "12345678", name: "ops", securityGroupSettings: { lockoutThreshold: 8, calling: { canVideoCall: false, canStart11Call: true } } };
const identity = "infra/prod/wickr:WickrSecurityGroup/ops";

describe("createClientToken", () => {
  it("is a valid ClientToken (1..64 of [a-zA-Z0-9-_:])", () => {
    expect(createClientToken(identity, request)).toMatch(/^[a-zA-Z0-9-_:]{1,64}$/);
    expect(createClientToken(undefined, request)).toMatch(/^[a-zA-Z0-9-_:]{1,64}$/);
  });

  it("is the same for the same resource and request, whatever the key order", () => {
    const reordered = { securityGroupSettings: { calling: { canStart11Call: true, canVideoCall: false }, lockoutThreshold: 8 }, name: "ops", networkId: "12345678" };
    expect(createClientToken(identity, reordered)).toBe(createClientToken(identity, request));
  });

  it("differs for another resource declaring the same group (another stack or name)", () => {
    expect(createClientToken("infra/dev/wickr:WickrSecurityGroup/ops", request)).not.toBe(createClientToken(identity, request));
    expect(createClientToken("infra/prod/wickr:WickrSecurityGroup/ops2", request)).not.toBe(createClientToken(identity, request));
  });

  it("differs for any change of the request (network, name, any create-time setting)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.integer({ min: 1, max: 10 }), (name, lockoutThreshold) => {
        const other = { ...request, name, securityGroupSettings: { ...request.securityGroupSettings, lockoutThreshold } };
        const same = name === request.name && lockoutThreshold === 8;
        expect(createClientToken(identity, other) === createClientToken(identity, request)).toBe(same);
      }),
    );
    expect(createClientToken(identity, { ...request, networkId: "87654321" })).not.toBe(createClientToken(identity, request));
  });
});
