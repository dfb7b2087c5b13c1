/**
 * Live objects grouped by ownership marker: ours by address (one current object each, the
 * others superseded leftovers of a replace or an interrupted apply), the rest by kind and name
 * (look-alikes that `--adopt` can take over). And the resolver that reads live ids as addresses.
 */
import type { RefResolver } from "../kinds/index.ts";
import { objectKindOf } from "../model/address.ts";
import type { LiveObject, LiveState } from "../model/objects.ts";
import { ref } from "../model/ref.ts";

export interface LiveIndex {
  /** Address → the live object aepsync treats as current. */
  current: Map<string, LiveObject>;
  /** Our objects that lost to a newer generation (leftovers of a replace or an interrupted apply). */
  superseded: LiveObject[];
  /** Objects without this namespace's marker, by kind and name (look-alikes). */
  foreignByName: Map<string, LiveObject[]>;
}

export function lookalikeKey(kind: LiveObject["kind"], name: string): string {
  return `${kind}\u0000${name}`;
}

/** Picks, per address, the live object aepsync treats as current; the others are superseded leftovers. */
function chooseCurrent(objects: readonly LiveObject[]): { current: LiveObject; superseded: LiveObject[] } {
  const sorted = [...objects].sort(
    (a, b) =>
      (b.marker?.generation ?? 0) - (a.marker?.generation ?? 0) ||
      b.createdAt - a.createdAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { current: sorted[0]!, superseded: sorted.slice(1) };
}

export function indexLive(live: LiveState, namespace: string): LiveIndex {
  const ours = new Map<string, LiveObject[]>();
  const foreignByName = new Map<string, LiveObject[]>();
  for (const object of live.objects) {
    const m = object.marker;
    if (m !== undefined && m.namespace === namespace && m.retired !== true) {
      ours.set(m.address, [...(ours.get(m.address) ?? []), object]);
    } else if (m === undefined || m.namespace !== namespace) {
      const key = lookalikeKey(object.kind, object.name);
      foreignByName.set(key, [...(foreignByName.get(key) ?? []), object]);
    }
  }
  const current = new Map<string, LiveObject>();
  const superseded: LiveObject[] = [];
  for (const [address, objects] of ours) {
    const kind = objectKindOf(address);
    const matching = objects.filter((o) => o.kind === kind);
    superseded.push(...objects.filter((o) => o.kind !== kind));
    if (matching.length === 0) continue;
    const pick = chooseCurrent(matching);
    current.set(address, pick.current);
    superseded.push(...pick.superseded);
  }
  return { current, superseded, foreignByName };
}

/** Translates live ids into addresses of current objects. */
export function buildResolver(current: ReadonlyMap<string, LiveObject>): RefResolver {
  const addressById = new Map<string, string>();
  const addressBySchemaId = new Map<string, string>();
  const versionById = new Map<string, number | undefined>();
  for (const [address, object] of current) {
    addressById.set(`${object.kind}:${object.id}`, address);
    if (object.schemaId !== undefined) addressBySchemaId.set(object.schemaId, address);
    if (object.kind === "mappingSet") versionById.set(object.id, object.version);
  }
  return {
    byId: (kind, id) => {
      if (id === undefined) return undefined;
      const address = addressById.get(`${kind}:${id}`);
      return address === undefined ? id : ref(address);
    },
    bySchemaId: (id) => {
      if (id === undefined) return undefined;
      const address = addressBySchemaId.get(id);
      return address === undefined ? id : ref(address);
    },
    mappingVersion: (mappingSetId, version) => {
      const address = addressById.get(`mappingSet:${mappingSetId}`);
      if (address !== undefined && versionById.get(mappingSetId) === version) return ref(address, "version");
      return version;
    },
  };
}
