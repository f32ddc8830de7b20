// Provider configuration: values come from the stack's config (namespaced keys such as
// `wickr:region`) with environment variables as the fallback, and are read inside the
// provider process only, never captured in the serialized provider, inputs or outputs.
import { registerSecret } from "./errors";

/** What the dynamic provider's `configure` hook receives (the stack's configuration). */
export interface ConfigSource {
  get(key: string): string | undefined;
}

export const emptyConfig: ConfigSource = { get: () => undefined };

export interface SettingSpec {
  /** Namespaced stack config key, e.g. `wickr:region`. */
  key: string;
  /** Environment variables tried in order when the config key is not set. */
  env?: string[];
  /** A credential: registered so that no message can ever show it. */
  secret?: boolean;
}

/** The raw string of a setting, from config or the environment. */
export function readSetting(source: ConfigSource, spec: SettingSpec, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const present = (v: string | undefined) => v !== undefined && v.trim() !== "";
  let value = source.get(spec.key);
  if (!present(value)) value = (spec.env ?? []).map((name) => env[name]).find(present);
  if (value !== undefined && spec.secret) registerSecret(value);
  return present(value) ? value : undefined;
}

export function readNumberSetting(source: ConfigSource, spec: SettingSpec, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = readSetting(source, spec, env);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) {
    throw new Error(`configuration ${spec.key} must be a number, got ${JSON.stringify(raw)}`);
  }
  return value;
}

export function readBooleanSetting(source: ConfigSource, spec: SettingSpec, env: NodeJS.ProcessEnv = process.env): boolean | undefined {
  const raw = readSetting(source, spec, env);
  if (raw === undefined) return undefined;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new Error(`configuration ${spec.key} must be true or false, got ${JSON.stringify(raw)}`);
}

/**
 * HTTP options every service shares: `<ns>:requestTimeoutMs`, `<ns>:connectTimeoutMs`,
 * `<ns>:maxRetries`, `<ns>:maxRetryAfterSeconds`, `<ns>:requestsPerSecond`.
 */
export function readHttpOptions(source: ConfigSource, namespace: string, envPrefix: string) {
  const n = (name: string, env: string) => readNumberSetting(source, { key: `${namespace}:${name}`, env: [`${envPrefix}_${env}`] });
  return {
    requestTimeoutMs: n("requestTimeoutMs", "REQUEST_TIMEOUT_MS"),
    connectTimeoutMs: n("connectTimeoutMs", "CONNECT_TIMEOUT_MS"),
    maxRetries: n("maxRetries", "MAX_RETRIES"),
    maxRetryAfterSeconds: n("maxRetryAfterSeconds", "MAX_RETRY_AFTER_SECONDS"),
    requestsPerSecond: n("requestsPerSecond", "REQUESTS_PER_SECOND"),
  };
}

/** The retry settings of `readHttpOptions` as the HTTP client takes them (only those given). */
export function retryOptions(http: { maxRetries?: number; maxRetryAfterSeconds?: number }): { maxRetries?: number; maxRetryAfterMs?: number } {
  return {
    ...(http.maxRetries === undefined ? {} : { maxRetries: http.maxRetries }),
    ...(http.maxRetryAfterSeconds === undefined ? {} : { maxRetryAfterMs: http.maxRetryAfterSeconds * 1000 }),
  };
}

/** HttpClient options from a service's endpoint and its shared HTTP settings (readHttpOptions). */
export function httpClientOptions(endpoint: string, http: ReturnType<typeof readHttpOptions>) {
  return {
    endpoint,
    requestTimeoutMs: http.requestTimeoutMs,
    connectTimeoutMs: http.connectTimeoutMs,
    requestsPerSecond: http.requestsPerSecond,
    retry: retryOptions(http),
  };
}
