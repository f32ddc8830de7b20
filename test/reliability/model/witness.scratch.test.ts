// scratch: fixed sequences through the model's checks, to see that they catch known defects.
import { modelBed, ModelBed, TAKEABLE } from "./bed";
import * as engine from "./engine-steps";
import { initialModel, fresh } from "./model";
import { services } from "./observe";

const which = process.env.WITNESS ?? "rename";

describe("witness", () => {
  let bed: ModelBed;
  beforeAll(async () => {
    bed = await modelBed();
  });
  afterAll(() => bed?.close());
  it(which, async () => {
    const model = initialModel(1);
    const stack = await bed.fresh();
    const baseline = new Map<string, string>();
    for (const [key, g] of (await services(bed)).groups) if (!TAKEABLE.has(key)) baseline.set(key, JSON.stringify(g));
    const real: engine.Real = { bed, stack, baseline, trace: [], engineOps: 0 };
    await engine.up(model, real);
    const st = await stack.state();
    const w0 = st.resources.find((r) => r.urn.endsWith("::w0"))!;
    const [networkId, groupId] = String(w0.id).split("/");
    if (which === "rename") {
      await bed.wickr.service("drift", { networkId, groupId, name: "renamed-by-hand" });
      model.wickr.w0.lockoutThreshold = 15;
      await engine.up(model, real);
    } else if (which === "html404") {
      model.pending.push({ kind: "html-404" });
      await engine.refresh(model, real);
    } else if (which === "lag") {
      model.wickr.w1.present = true;
      model.pending.push({ kind: "lagging-read" });
      await engine.up(model, real);
    } else if (which === "secret") {
      model.commvault.c0.name = fresh(model, "name", true);
      await engine.up(model, real);
      model.commvault.c0.enabled = false;
      model.pending.push({ kind: "refused", operation: "UpdateUserGroup" });
      try {
        await engine.up(model, real);
      } catch (e) {
        const fs = require("node:fs");
        const f = `${stack.dir}/state/.pulumi/stacks/model-test/test.json`;
        const t = fs.readFileSync(f, "utf8");
        const i = t.indexOf(model.commvault.c0.name.value);
        console.log("STATE CONTEXT", t.slice(Math.max(0, i - 600), i + 200));
        throw e;
      }
    } else if (which === "import") {
      model.commvault.ci.present = true;
      model.commvault.ci.description = fresh(model, "desc-ci", true);
      await engine.importGroup(model, real);
      await engine.up(model, real);
    } else if (which === "account") {
      model.pending.push({ kind: "another-account" });
      await engine.refresh(model, real);
    } else if (which === "adopt") {
      model.def = { adopted: true, lockoutThreshold: 14 };
      await engine.up(model, real);
      await bed.wickr.service("drift", { networkId: "13572468", groupId: "mtdef001", securityGroupSettings: { presenceEnabled: false } });
      await engine.destroy(model, real);
    }
    await engine.converge(model, real);
  });
});
