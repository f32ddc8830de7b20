#!/usr/bin/env node
// The package's command line, for what a program cannot do by itself:
//
//   pulumi-wickr-commvault import <WickrSecurityGroup|CommvaultUserGroup> <resource name> <id>
//                                 [--stack NAME] [--cwd PROJECT_DIR]
//   pulumi-wickr-commvault discover [--networks ...] [--commvault] [--out FILE] [--import-into STACK] ...
//   pulumi-wickr-commvault summary [--input FILE] [--out FILE]      (a preview's JSON as Markdown)
//
// (The emulators have their own command, `wickr-commvault-emulators`.)
import { discoverCommand } from "./discover/command";
import { DISCOVER_USAGE } from "./discover/options";
import { importCommand, IMPORT_USAGE } from "./import";
import { summaryCommand, SUMMARY_USAGE } from "./summary/command";
import * as fs from "node:fs";
import { UsageError } from "./flags";

const USAGE = `usage: pulumi-wickr-commvault <verb> ...\n\n${IMPORT_USAGE}\n\n${DISCOVER_USAGE}\n\n${SUMMARY_USAGE}\n`;

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === "--help" || verb === "help") {
    process.stdout.write(USAGE);
    return verb === undefined ? 2 : 0;
  }
  if (verb === "import") return importCommand(rest, (line) => process.stdout.write(`${line}\n`));
  if (verb === "discover") return discoverCommand(rest, { out: (text) => process.stdout.write(text) });
  if (verb === "summary") return summaryCommand(rest, { readStdin: () => fs.readFileSync(0, "utf8"), out: (text) => process.stdout.write(text) });
  throw new UsageError(`unknown verb "${verb}"`);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof UsageError) process.stderr.write(`\n${USAGE}`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
