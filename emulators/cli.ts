#!/usr/bin/env node
// Starts the Wickr and Commvault emulators on loopback, for the demo and for anyone who wants
// to run their own stacks offline. Prints one JSON line with the URLs, control URLs and test
// credentials, then runs until interrupted.
//
//   wickr-commvault-emulators [--wickr-port N] [--commvault-port N] [--host 127.0.0.1]
//                             [--commvault-base-path /commandcenter/api] [--token-ttl SECONDS]
//                             [--seed-networks N --seed-groups-per-network M] [--seed-commvault-groups K]
//                             [--rate-limit PER_SECOND [--rate-limit-algorithm token-bucket|fixed-window]]
// The --seed-* options seed a generated estate at start (and again at every reset): N Wickr
// networks of M groups each (default group included), K Commvault user groups.
import { createCommvaultEmulator, COMMVAULT_TEST_ACCESS_TOKEN, COMMVAULT_TEST_CREDENTIALS } from "./commvault";
import type { EmulatorServer } from "./core/server";
import type { RateLimitAlgorithm } from "./core/rate-limit";
import { createWickrEmulator, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION, type WickrEstate } from "./wickr";
import type { CommvaultEstate } from "./commvault";

export interface RunningEmulators {
  wickr: EmulatorServer;
  commvault: EmulatorServer;
  /** What a client needs to reach them (test credentials included: they guard nothing real). */
  describe(): Record<string, unknown>;
  /** Stack config that points both providers at these emulators (the password as a secret). */
  stackConfig(): Record<string, { value: string; secret?: boolean }>;
  /** Environment for the engine: the AWS test key pair the Wickr emulator knows. */
  stackEnv(): Record<string, string>;
  close(): Promise<void>;
}

export interface StartOptions {
  wickrPort?: number;
  commvaultPort?: number;
  host?: string;
  commvaultBasePath?: string;
  tokenTtlSeconds?: number;
  /** Generated Wickr networks seeded at start and at every reset. */
  wickrEstate?: WickrEstate;
  /** Generated Commvault user groups seeded at start and at every reset. */
  commvaultEstate?: CommvaultEstate;
}

export async function startEmulators(opts: StartOptions = {}): Promise<RunningEmulators> {
  const host = opts.host ?? "127.0.0.1";
  const wickr = createWickrEmulator({ estate: opts.wickrEstate });
  const commvault = createCommvaultEmulator({ basePath: opts.commvaultBasePath, tokenTtlSeconds: opts.tokenTtlSeconds, estate: opts.commvaultEstate });
  await wickr.listen(opts.wickrPort ?? 0, host);
  await commvault.listen(opts.commvaultPort ?? 0, host);
  return {
    wickr,
    commvault,
    describe: () => ({
      wickr: { endpoint: wickr.url, control: wickr.controlUrl, region: WICKR_TEST_REGION, credentials: WICKR_TEST_CREDENTIALS },
      commvault: { url: commvault.url, control: commvault.controlUrl, credentials: COMMVAULT_TEST_CREDENTIALS, accessToken: COMMVAULT_TEST_ACCESS_TOKEN },
    }),
    stackConfig: () => ({
      "wickr:region": { value: WICKR_TEST_REGION },
      "wickr:endpoint": { value: wickr.url },
      "commvault:url": { value: commvault.url },
      "commvault:username": { value: COMMVAULT_TEST_CREDENTIALS.username },
      "commvault:password": { value: COMMVAULT_TEST_CREDENTIALS.password, secret: true },
    }),
    stackEnv: () => ({ AWS_ACCESS_KEY_ID: WICKR_TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: WICKR_TEST_CREDENTIALS.secretAccessKey }),
    close: async () => {
      await Promise.all([wickr.close(), commvault.close()]);
    },
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  if (args.includes("--help")) {
    process.stdout.write(
      "usage: wickr-commvault-emulators [--wickr-port N] [--commvault-port N] [--host H] [--commvault-base-path P] [--token-ttl S]\n" +
        "         [--seed-networks N --seed-groups-per-network M] [--seed-commvault-groups K] [--rate-limit PER_SECOND [--rate-limit-algorithm token-bucket|fixed-window]]\n",
    );
    return;
  }
  const num = (name: string) => (flag(args, name) === undefined ? undefined : Number(flag(args, name)));
  const networks = num("--seed-networks");
  const perNetwork = num("--seed-groups-per-network");
  if ((networks === undefined) !== (perNetwork === undefined)) throw new Error("--seed-networks and --seed-groups-per-network go together");
  const commvaultGroups = num("--seed-commvault-groups");
  const running = await startEmulators({
    wickrEstate: networks === undefined ? undefined : { networks, groupsPerNetwork: perNetwork as number },
    commvaultEstate: commvaultGroups === undefined ? undefined : { userGroups: commvaultGroups },
    wickrPort: num("--wickr-port"),
    commvaultPort: num("--commvault-port"),
    host: flag(args, "--host"),
    commvaultBasePath: flag(args, "--commvault-base-path"),
    tokenTtlSeconds: num("--token-ttl"),
  });
  const rate = num("--rate-limit");
  if (rate !== undefined) {
    // One quota per account, shared by every client of it (emulators/core/rate-limit.ts).
    // Each service's own algorithm unless one is named (rate-limit.ts says which and why).
    const algorithm = flag(args, "--rate-limit-algorithm") as RateLimitAlgorithm | undefined;
    running.wickr.startRateLimit(rate, algorithm);
    running.commvault.startRateLimit(rate, algorithm);
  }
  process.stdout.write(JSON.stringify(running.describe()) + "\n");
  const stop = () => void running.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  });
}
