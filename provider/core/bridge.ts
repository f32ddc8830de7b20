// Turns a resource definition and its handler into Pulumi's dynamic ResourceProvider. The
// decisions live in lifecycle.ts and plan.ts, shared with the plugin server (provider/plugin/);
// this face translates: the hidden inputs the resource class adds (IDENTITY, SECRET_PATHS; see
// secrecy.ts) in and out, the declared secrets to the scrubber, the carrier outputs returned as
// secrets, and a half-way update's outputs as the dynamic-provider host's partial result.
import type * as pulumi from "@pulumi/pulumi";
import { IDENTITY, LOOKUP, Props, ResourceDefinition, ResourceHandler, resourceLabel, SECRET_PATHS } from "./definition";
import { markCarriers, registerDeclaredSecrets, secretPathsOf } from "./declared-secrets";
import { checkResource, createResource, deleteResource, diffResource, readResource, RecordedFailure, updateResource } from "./lifecycle";
import { REPORTED, withoutInternal } from "./plan";

export { checkInputs, composeOutputs, plannedChanges, REPORTED } from "./plan";

/**
 * Inputs split into what the program declared and the hidden ones the resource class adds
 * (IDENTITY, SECRET_PATHS; see secrecy.ts), which check passes through. Carrier keys an older
 * version of the class sent as inputs are dropped.
 */
function declaredAndHidden(def: ResourceDefinition, props: Props): { declared: Props; hidden: Props } {
  const internal = new Set<string>([IDENTITY, SECRET_PATHS]);
  const dropped = new Set<string>(["__provider", ...carriersOfOld(def)]);
  const declared: Props = {};
  const hidden: Props = {};
  for (const [k, v] of Object.entries(props)) {
    if (dropped.has(k)) continue;
    if (internal.has(k)) hidden[k] = v;
    else declared[k] = v;
  }
  return { declared, hidden };
}

/** Output keys an older version of the class also sent as inputs (a fixed secrecy mark): never declared. */
function carriersOfOld(def: ResourceDefinition): string[] {
  return [REPORTED, ...(def.carriers ?? [])].filter((k) => !(k in def.inputs.shape));
}

/** The identity and secret paths recorded in `props`, as outputs of their own (carried through reads). */
function hiddenOf(props: Props | undefined): Props {
  const identity = props?.[IDENTITY];
  const secrets = props?.[SECRET_PATHS];
  return { ...(typeof identity === "string" ? { [IDENTITY]: identity } : {}), ...(Array.isArray(secrets) ? { [SECRET_PATHS]: secrets } : {}) };
}

export function makeDynamicProvider(def: ResourceDefinition, handler: ResourceHandler): pulumi.dynamic.ResourceProvider {
  return {
    async configure(req) {
      handler.configure(req.config);
    },

    async check(olds, news) {
      registerDeclaredSecrets(olds, news);
      const { declared: inputs, hidden } = declaredAndHidden(def, news);
      const { canonical, problems } = await checkResource(def, handler, withoutInternal(olds), inputs, news[IDENTITY]);
      return { inputs: { ...canonical, ...hidden }, failures: problems.map((p) => ({ property: p.path, reason: p.reason })) };
    },

    async diff(id, olds, news) {
      registerDeclaredSecrets(olds, news);
      const decision = await diffResource(def, handler, {
        id,
        olds,
        news: withoutInternal(news),
        identity: news[IDENTITY] ?? olds[IDENTITY],
        secretsBefore: secretPathsOf(olds),
        secretsAfter: secretPathsOf(news),
      });
      if (decision.changes.length === 0) return { changes: decision.resecret };
      // Leaving `changes` unset lets the engine compute the property-level diff of the
      // inputs itself, which is what previews show; the inputs are canonical (check) and
      // track the service (read), so that diff names exactly the changed properties.
      return { replaces: decision.replaces, deleteBeforeReplace: decision.deleteBeforeReplace };
    },

    async create(inputs) {
      registerDeclaredSecrets(inputs);
      const internal = hiddenOf(inputs);
      const created = await createResource(def, handler, withoutInternal(inputs), internal[IDENTITY] as string | undefined);
      return { id: created.id, outs: markCarriers(def, { ...created.outputs, ...internal }, secretPathsOf(inputs)) };
    },

    async read(id, props) {
      registerDeclaredSecrets(props);
      const previous = props === undefined ? undefined : withoutInternal(props);
      const found = await readResource(def, handler, id, previous, props?.[IDENTITY]);
      if (!found) {
        if (props?.[LOOKUP] === true) throw new Error(`${resourceLabel(def, props[IDENTITY], id)}: there is no such ${def.typeName} to look up`);
        return { id: "", props: {} };
      }
      const outs = markCarriers(def, { ...found.outputs, ...hiddenOf(props) }, secretPathsOf(props));
      return { id: found.id, props: outs, inputs: { ...found.inputs, ...hiddenOf(props) } };
    },

    async update(id, olds, news) {
      registerDeclaredSecrets(olds, news);
      const record = (outputs: Props) => markCarriers(def, { ...outputs, ...hiddenOf(news) }, secretPathsOf(news));
      const outputs = await updateResource(def, handler, id, withoutInternal(olds), withoutInternal(news), news[IDENTITY]).catch((err: unknown) => {
        if (!(err instanceof RecordedFailure)) throw err;
        // The engine records these outputs with the failure (ErrorResourceInitFailed: the
        // dynamic-provider host sends `id` and `properties` of a thrown error as a partial
        // result); `__provider` must stay among them for later operations to find the provider.
        const outs = { ...record(err.outputs), __provider: news.__provider };
        throw Object.assign(new Error(err.message), { id, properties: outs, reasons: [err.message] });
      });
      return { outs: record(outputs) };
    },

    async delete(id, props) {
      registerDeclaredSecrets(props);
      await deleteResource(def, handler, id, withoutInternal(props), props[IDENTITY]);
    },
  };
}
