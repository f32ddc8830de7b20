// The plugin's pure translations: the detailed diff of the core's changes, secrets on the wire,
// config keys under the plugin's namespace, URNs.
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import { plannedChanges, REPORTED } from "../../provider/core/plan";
import { pluginConfigSource, pluginKey } from "../../provider/plugin/config";
import { detailedDiff } from "../../provider/plugin/detailed-diff";
import { parseUrn } from "../../provider/plugin/server";
import { fromStruct, SECRET_SIG, SIG, toStruct } from "../../provider/plugin/values";

/** Recorded outputs of a Commvault group whose service view has these users. */
const outputs = (users: unknown[]) => ({ name: "g", users, [REPORTED]: { name: "g", users } });

describe("detailedDiff", () => {
  const cv = commvaultUserGroupDefinition;
  const diff = (olds: Record<string, unknown>, news: Record<string, unknown>) => detailedDiff(cv, plannedChanges(cv, olds, news), olds);

  it("reports a set member removed as that member, by its place in the old outputs", () => {
    expect(diff(outputs(["alice", "bob", "carol"]), { name: "g", users: ["bob", "carol"] })).toEqual({ "users[0]": { kind: "delete", replace: false } });
  });

  it("reports members added and removed each as itself; one added where one was removed as old => new at that index", () => {
    expect(diff(outputs(["alice", "bob", "carol"]), { name: "g", users: ["bob", "carol", "dave"] })).toEqual({
      "users[0]": { kind: "delete", replace: false },
      "users[2]": { kind: "add", replace: false },
    });
    expect(diff(outputs(["alice", "bob"]), { name: "g", users: ["alice", "carol", "dave"] })).toEqual({
      "users[1]": { kind: "update", replace: false },
      "users[2]": { kind: "add", replace: false },
    });
  });

  it("finds no change in a reorder", () => {
    expect(diff(outputs(["alice", "bob"]), { name: "g", users: ["bob", "alice"] })).toEqual({});
  });

  it("names a nested setting and a replacement by their paths", () => {
    const w = wickrSecurityGroupDefinition;
    const olds = { networkId: "12345678", name: "t", securityGroupSettings: { maxBor: 1 }, [REPORTED]: { networkId: "12345678", name: "t", securityGroupSettings: { maxBor: 1 } } };
    const news = { networkId: "87654321", name: "t", securityGroupSettings: { maxBor: 2 } };
    expect(detailedDiff(w, plannedChanges(w, olds, news), olds)).toEqual({
      networkId: { kind: "update", replace: true },
      "securityGroupSettings.maxBor": { kind: "update", replace: false },
    });
  });
});

describe("values on the wire", () => {
  it("reveals secrets, remembers which properties held one, and wraps outputs back", () => {
    const struct = toStruct({ name: "n", settings: { a: { [SIG]: SECRET_SIG, value: "s" } } });
    const { props, secretKeys } = fromStruct(struct);
    expect(props).toEqual({ name: "n", settings: { a: "s" } });
    expect([...secretKeys]).toEqual(["settings"]);
    expect(toStruct({ reported: { a: "s" } }, new Set(["reported"])).toJavaScript()).toEqual({ reported: { [SIG]: SECRET_SIG, value: { a: "s" } } });
  });
});

describe("config", () => {
  it("reads the core's keys under the plugin's namespace, from properties then variables", () => {
    expect(pluginKey("wickr:region")).toBe("wickrRegion");
    expect(pluginKey("commvault:maxRetryAfterSeconds")).toBe("commvaultMaxRetryAfterSeconds");
    const source = pluginConfigSource("wickr-commvault", { wickrRegion: "eu-west-1" }, new Map([["wickr-commvault:config:commvaultUrl", "https://c"]]));
    expect(source.get("wickr:region")).toBe("eu-west-1");
    expect(source.get("commvault:url")).toBe("https://c");
    expect(source.get("commvault:token")).toBeUndefined();
  });
});

describe("parseUrn", () => {
  it("takes stack, project, the type without parents, and the name", () => {
    expect(parseUrn("urn:pulumi:dev::proj::my:mod:Comp$wickr-commvault:index:WickrSecurityGroup::a::b")).toEqual({
      stack: "dev",
      project: "proj",
      type: "wickr-commvault:index:WickrSecurityGroup",
      name: "a::b",
    });
  });
});
