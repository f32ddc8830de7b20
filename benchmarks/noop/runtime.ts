// Loaded in the provider process: answers every call at once from memory.
import { makeDynamicProvider } from "../../provider/core/bridge";
import type { Previous, Props, ResourceHandler, Snapshot } from "../../provider/core/definition";
import type { Change } from "../../provider/core/diff";
import { noopDefinition } from "./definition";

class NoopHandler implements ResourceHandler {
  private readonly items = new Map<string, Props>();
  configure(): void {}
  async create(settings: Props): Promise<Snapshot> {
    const id = String(settings.name);
    this.items.set(id, settings);
    return { id, view: settings, extras: {} };
  }
  async read(id: string, previous: Props | undefined): Promise<Snapshot | undefined> {
    const view = this.items.get(id) ?? (previous?.reported as Props | undefined);
    return view ? { id, view, extras: {} } : undefined;
  }
  async update(previous: Previous, settings: Props, _c: Props, _changes: Change[]): Promise<Snapshot> {
    this.items.set(previous.id, settings);
    return { id: previous.id, view: settings, extras: {} };
  }
  async delete(previous: Previous): Promise<void> {
    this.items.delete(previous.id);
  }
}

export const noopProvider = makeDynamicProvider(noopDefinition, new NoopHandler());
