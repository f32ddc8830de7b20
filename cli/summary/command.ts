// `pulumi-wickr-commvault summary`: a preview's JSON in, a Markdown change summary out (for a
// pull request comment or a CI job summary). Reads stdin unless --input names a file.
import * as fs from "node:fs";
import { parseArgs, UsageError } from "../flags";
import { readPreview } from "./input";
import { renderSummary } from "./markdown";

export const SUMMARY_USAGE = `pulumi-wickr-commvault summary [--input FILE] [--out FILE]
  Turns \`pulumi preview --json\` into a Markdown summary per group: settings that change (old and
  new value), members added and removed by name, groups created, adopted, replaced or deleted, and
  the policy violations (secrets shown as [secret]). Policy violations are in the CLI's JSON only
  as a stream of events: PULUMI_ENABLE_STREAMING_JSON_PREVIEW=1 pulumi preview --json --policy-pack ...`;

export function summaryCommand(args: string[], io: { readStdin: () => string; out: (text: string) => void }): number {
  const { positional, flags } = parseArgs(args, ["input", "out"]);
  if (positional.length > 0) throw new UsageError(`summary takes no positional arguments (got ${JSON.stringify(positional[0])})`);
  const input = flags.get("input");
  const text = input === undefined || input === "-" ? io.readStdin() : fs.readFileSync(input, "utf8");
  const markdown = renderSummary(readPreview(text));
  const out = flags.get("out");
  if (out === undefined || out === "-") io.out(markdown);
  else fs.writeFileSync(out, markdown);
  return 0;
}
