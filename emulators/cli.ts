#!/usr/bin/env node
// Starts the Wickr and Commvault emulators on loopback, for the demo and for anyone who wants
// to run their own stacks offline. Prints one JSON line with the URLs, control URLs and test
// credentials, then runs until interrupted.
//
//   wickr-commvault-emulators [--wickr-port N] [--commvault-port N] [--host 127.0.0.1]
//                             [--commvault-base-path /commandcenter/api] [--token-ttl SECONDS]
import { createCommvaultEmulator, COMMVAULT_TEST_ACCESS_TOKEN, COMMVAULT_TEST_CREDENTIALS } from "./commvault";
import type { EmulatorServer } from "./core/server";
import { createWickrEmulator, WICKR_TEST_CREDENTIALS, WICKR_TEST_REGION } from "./wickr";

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

export async function startEmulators(opts: { wickrPort?: number; commvaultPort?: number; host?: string; commvaultBasePath?: string; tokenTtlSeconds?: number } = {}): Promise<RunningEmulators> {
  const host = opts.host ?? "127.0.0.1";
  const wickr = createWickrEmulator();
  const commvault = createCommvaultEmulator({ basePath: opts.commvaultBasePath, tokenTtlSeconds: opts.tokenTtlSeconds });
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
    process.stdout.write("usage: wickr-commvault-emulators [--wickr-port N] [--commvault-port N] [--host H] [--commvault-base-path P] [--token-ttl S]\n");
    return;
  }
  const num = (name: string) => (flag(args, name) === undefined ? undefined : Number(flag(args, name)));
  const running = await startEmulators({
    wickrPort: num("--wickr-port"),
    commvaultPort: num("--commvault-port"),
    host: flag(args, "--host"),
    commvaultBasePath: flag(args, "--commvault-base-path"),
    tokenTtlSeconds: num("--token-ttl"),
  });
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
