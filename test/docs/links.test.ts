// The front door and the documents behind it: the README stays short, and every relative link
// in the README, the changelog and docs/ points at a file that exists and, with an anchor, at a
// heading of that file (GitHub's anchors: lower case, punctuation dropped, spaces as hyphens).
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const DOCS = ["README.md", "CHANGELOG.md", "policy/README.md", ...fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];

/** GitHub's anchor of a heading. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/<[^>]+>/g, "")
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings (outside code fences), with GitHub's -1, -2 for repeats. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (/^```/.test(line)) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = anchorOf(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** Relative links of a Markdown file (outside code fences and code spans). */
function linksOf(file: string): string[] {
  const text = fs
    .readFileSync(file, "utf8")
    .replace(/^```[\s\S]*?^```/gm, "")
    .replace(/`[^`\n]*`/g, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((l) => !/^[a-z]+:/i.test(l));
}

describe("documentation", () => {
  it("keeps the README at most 300 lines, starting with the two commands", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme.split("\n").length).toBeLessThanOrEqual(300);
    expect(readme).toMatch(/^# pulumi-wickr-commvault\n\n```bash\nbash scripts\/demo\.sh .*\nbash scripts\/test\.sh .*\n```/);
  });

  it.each(DOCS)("%s: every relative link and anchor resolves", (doc) => {
    const broken: string[] = [];
    for (const link of linksOf(path.join(ROOT, doc))) {
      const [target, anchor] = link.split("#");
      const file = target === "" ? path.join(ROOT, doc) : path.resolve(path.dirname(path.join(ROOT, doc)), decodeURIComponent(target));
      if (!fs.existsSync(file)) {
        broken.push(`${link}: no such file`);
        continue;
      }
      if (anchor !== undefined && !(fs.statSync(file).isFile() && anchorsOf(file).has(anchor))) broken.push(`${link}: no heading with that anchor`);
    }
    expect(broken).toEqual([]);
  });

  it("computes GitHub's anchors", () => {
    expect(anchorOf("After an interrupted `pulumi up`")).toBe("after-an-interrupted-pulumi-up");
    expect(anchorOf("Bring an existing estate under code (discover) and look groups up")).toBe("bring-an-existing-estate-under-code-discover-and-look-groups-up");
  });
});
