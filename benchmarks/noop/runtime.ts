// Loaded in the provider process: answers every call at once from memory. The trivial floor
// reports its inputs; a shaped floor reports the view and outputs recorded from a real
// resource of its kind (the file named by BENCH_SHAPES_FILE), under its own name.
import * as fs from "node:fs";
import { makeDynamicProvider } from "../../provider/core/bridge";
import type { Previous, Props, ResourceDefinition, ResourceHandler, Snapshot } from "../../provider/core/definition";
import type { Change } from "../../provider/core/diff";
import { noopDefinition, SHAPES_FILE_ENV, ShapedKind, shapedNoopDefinitions } from "./definition";
import type { RecordedShape } from "./shapes";

class NoopHandler implements ResourceHandler {
  private readonly items = new Map<string, Snapshot>();
  constructor(private readonly shape?: () => RecordedShape) {}
  configure(): void {}
  private answer(id: string, settings: Props): Snapshot {
    const recorded = this.shape?.();
    const snapshot = recorded ? { id, view: { ...recorded.view, name: settings.name }, extras: recorded.extras } : { id, view: settings, extras: {} };
    this.items.set(id, snapshot);
    return snapshot;
  }
  async create(settings: Props): Promise<Snapshot> {
    return this.answer(String(settings.name), settings);
  }
  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    const known = this.items.get(id);
    if (known) return known;
    const view = previous?.reported as Props | undefined;
    return view ? { id, view, extras: {} } : undefined;
  }
  async update(previous: Previous, settings: Props, _c: Props, _changes: Change[]): Promise<Snapshot> {
    return this.answer(previous.id, settings);
  }
  async delete(previous: Previous): Promise<void> {
    this.items.delete(previous.id);
  }
}

function shapedProvider(kind: ShapedKind) {
  let shape: RecordedShape | undefined;
  const load = () => (shape ??= (JSON.parse(fs.readFileSync(process.env[SHAPES_FILE_ENV] ?? "", "utf8")) as Record<ShapedKind, RecordedShape>)[kind]);
  return makeDynamicProvider(shapedNoopDefinitions[kind] as ResourceDefinition, new NoopHandler(load));
}

export const noopProvider = makeDynamicProvider(noopDefinition, new NoopHandler());
export const wickrShapedNoopProvider = shapedProvider("wickr");
export const commvaultShapedNoopProvider = shapedProvider("commvault");
