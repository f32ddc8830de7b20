// What --import-into needs of each written group (its declared inputs and recorded facts), set
// aside as the groups go by: one line of JSON per group in a temporary file per part (one for
// the whole program, or one per part of a split program), beside the written files. Each part's
// import reads back its own file only; the files are removed when the run ends.
import * as fs from "node:fs";
import * as path from "node:path";
import type { Props, ResourceDefinition } from "../../provider/core/definition";
import { commvaultUserGroupDefinition } from "../../provider/commvault/definition";
import { wickrSecurityGroupDefinition } from "../../provider/wickr/definition";
import type { DiscoveredGroup, Service } from "./model";

/** A written group as an import takes it. */
export type ImportableGroup = Pick<DiscoveredGroup, "service" | "def" | "id" | "args" | "recorded" | "answer" | "skipped"> & { resourceName?: string };

const DEFINITIONS: Record<Service, ResourceDefinition> = { wickr: wickrSecurityGroupDefinition, commvault: commvaultUserGroupDefinition };

interface Line {
  service: Service;
  id: string;
  resourceName: string;
  args: Props;
  recorded: Props;
  answer?: unknown;
}

export class ImportStash {
  private readonly files = new Map<string, string>();

  /** `fileFor(part)`: the temporary file of a part (its folder exists). */
  constructor(private readonly fileFor: (part: string) => string) {}

  /** Sets a written group aside for the import of `part`. */
  add(part: string, g: DiscoveredGroup): void {
    if (g.skipped !== undefined) return;
    let file = this.files.get(part);
    if (file === undefined) {
      file = this.fileFor(part);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, "");
      this.files.set(part, file);
    }
    const line: Line = { service: g.service, id: g.id, resourceName: g.resourceName as string, args: g.args, recorded: g.recorded, answer: g.answer };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }

  /** The parts with written groups, in the order their first group came. */
  parts(): string[] {
    return [...this.files.keys()];
  }

  /** The groups set aside for `part`, in the order they came. */
  groups(part: string): ImportableGroup[] {
    const file = this.files.get(part);
    if (file === undefined) return [];
    return fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => l !== "")
      .map((l) => {
        const line = JSON.parse(l) as Line;
        return { ...line, def: DEFINITIONS[line.service] };
      });
  }

  /** Removes every temporary file. */
  discard(): void {
    for (const file of this.files.values()) fs.rmSync(file, { force: true });
    this.files.clear();
  }
}
