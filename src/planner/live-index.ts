/**
 * Live objects grouped by ownership marker: ours by address (one current object each, the
 * others superseded leftovers of a replace or an interrupted apply), the rest by kind and name
 * (look-alikes that `--adopt` can take over). And the resolver that reads live ids as addresses.
 */
import { driverOf } from "../kinds/index.ts";
import { createRefResolver } from "../kinds/index.ts";
import type { RefResolver } from "../kinds/index.ts";
import { objectKindOf } from "../model/address.ts";
import type { LiveObject, LiveState } from "../model/objects.ts";

export interface LiveIndex {
  /** Address → the live object aepsync treats as current. */
  current: Map<string, LiveObject>;
  /** Our objects that lost to a newer generation (leftovers of a replace or an interrupted apply). */
  superseded: LiveObject[];
  /** Objects without this namespace's marker, by kind and name (look-alikes). */
  foreignByName: Map<string, LiveObject[]>;
  /** Every live object by `kind:id` (objects AEP is deleting left out). */
  byId: Map<string, LiveObject>;
}

export function lookalikeKey(kind: LiveObject["kind"], name: string): string {
  return `${kind}\u0000${name}`;
}

/**
 * Picks, per address, the live object aepsync treats as current; the others are superseded
 * leftovers. The newest generation wins (a replace made it); within one generation (two applies
 * that raced) the one in use, that another object references, wins, so the pipeline is kept.
 */
function chooseCurrent(
  objects: readonly LiveObject[],
  referenced: ReadonlySet<string>,
): { current: LiveObject; superseded: LiveObject[] } {
  const inUse = (o: LiveObject): number =>
    referenced.has(`${o.kind}:${o.id}`) ||
    (o.schemaId !== undefined && referenced.has(`${o.kind}:${o.schemaId}`))
      ? 1
      : 0;
  const sorted = [...objects].sort(
    (a, b) =>
      (b.marker?.generation ?? 0) - (a.marker?.generation ?? 0) ||
      inUse(b) - inUse(a) ||
      b.createdAt - a.createdAt ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { current: sorted[0]!, superseded: sorted.slice(1) };
}

/** `kind:id` (and `kind:$id`) of every object another live object references or names as a part. */
function referencedIds(objects: readonly LiveObject[]): Set<string> {
  const out = new Set<string>();
  for (const object of objects) {
    const driver = driverOf(object.kind);
    for (const r of driver.references?.(object.raw) ?? []) out.add(r);
    for (const p of driver.parts?.(object.raw) ?? []) out.add(`${p.kind}:${p.id}`);
  }
  return out;
}

export function indexLive(live: LiveState, namespace: string): LiveIndex {
  const ours = new Map<string, LiveObject[]>();
  const foreignByName = new Map<string, LiveObject[]>();
  const byId = new Map<string, LiveObject>();
  for (const object of live.objects) {
    // A flow AEP is still deleting is going away: neither current nor to delete again.
    if (object.deleting === true) continue;
    byId.set(`${object.kind}:${object.id}`, object);
    const m = object.marker;
    if (m !== undefined && m.namespace === namespace && m.retired !== true) {
      const list = ours.get(m.address);
      if (list === undefined) ours.set(m.address, [object]);
      else list.push(object);
    } else if (m === undefined || m.namespace !== namespace) {
      const key = lookalikeKey(object.kind, object.name);
      const list = foreignByName.get(key);
      if (list === undefined) foreignByName.set(key, [object]);
      else list.push(object);
    }
  }
  const current = new Map<string, LiveObject>();
  const superseded: LiveObject[] = [];
  // Needed only to choose between two objects of one address: computed then.
  let referenced: Set<string> | undefined;
  for (const [address, objects] of ours) {
    const kind = objectKindOf(address);
    // One object of the right kind, the common case: it is current.
    if (objects.length === 1 && objects[0]!.kind === kind) {
      current.set(address, objects[0]!);
      continue;
    }
    const matching = objects.filter((o) => o.kind === kind);
    superseded.push(...objects.filter((o) => o.kind !== kind));
    if (matching.length === 0) continue;
    referenced ??= referencedIds([...byId.values()]);
    const pick = chooseCurrent(matching, referenced);
    current.set(address, pick.current);
    superseded.push(...pick.superseded);
  }
  const index = { current, superseded, foreignByName, byId };
  followParts(index, namespace);
  attachUnmarked(index);
  return index;
}

/**
 * Objects that carry no marker but belong to one that does (a schema's identity descriptor) are
 * current at their owner's address plus their part; others stay out of the plan.
 */
function attachUnmarked(index: LiveIndex): void {
  const addressOf = new Map<string, string>();
  for (const [address, object] of index.current) {
    addressOf.set(`${object.kind}:${object.id}`, address);
    if (object.schemaId !== undefined) addressOf.set(`${object.kind}:${object.schemaId}`, address);
  }
  for (const object of index.byId.values()) {
    const owner = driverOf(object.kind).partOf?.(object.raw);
    if (owner === undefined) continue;
    removeLookalike(index, object);
    const ownerAddress = addressOf.get(`${owner.kind}:${owner.id}`);
    if (ownerAddress === undefined) continue;
    const address = `${ownerAddress}/${owner.part}`;
    if (!index.current.has(address) && objectKindOf(address) === object.kind)
      index.current.set(address, object);
  }
}

/**
 * The parts an object names (a flow's source and target connections and mapping set) are the ones
 * in use: they are current for their addresses even when a list drops their marker (Data Prep may
 * not echo a mapping set's name) or when a second object carries the same marker (the extra one
 * is superseded, and the pipeline is never replaced for it).
 */
function followParts(index: LiveIndex, namespace: string): void {
  for (const [address, owner] of [...index.current]) {
    const parts = driverOf(owner.kind).parts?.(owner.raw) ?? [];
    if (parts.length === 0) continue;
    const ownerAddress = ownerAddressOf(address);
    for (const { part, kind, id } of parts) {
      const partAddress = `${ownerAddress}/${part}`;
      const named = index.byId.get(`${kind}:${id}`);
      if (named === undefined || objectKindOf(partAddress) !== kind) continue;
      const marker = named.marker;
      // An object marked for another address of this namespace is that address's: never taken.
      if (
        marker !== undefined &&
        marker.namespace === namespace &&
        marker.retired !== true &&
        marker.address !== partAddress
      )
        continue;
      const held = index.current.get(partAddress);
      if (held === named) continue;
      if (held !== undefined) index.superseded.push(held);
      index.superseded.splice(0, index.superseded.length, ...index.superseded.filter((o) => o !== named));
      index.current.set(partAddress, named);
      if (marker === undefined || marker.namespace !== namespace) removeLookalike(index, named);
    }
  }
}

function removeLookalike(index: LiveIndex, object: LiveObject): void {
  const key = lookalikeKey(object.kind, object.name);
  const list = index.foreignByName.get(key)?.filter((o) => o !== object) ?? [];
  if (list.length === 0) index.foreignByName.delete(key);
  else index.foreignByName.set(key, list);
}

/** `Pipeline/x/flow` → `Pipeline/x`. */
function ownerAddressOf(address: string): string {
  return address.split("/").slice(0, 2).join("/");
}

/**
 * Look-alikes found through another look-alike: the parts an unmanaged flow names are the
 * look-alikes of its pipeline's parts, whatever their display names (what `--adopt` takes over).
 */
export function lookalikesViaParts(
  index: LiveIndex,
  wanted: ReadonlyMap<string, LiveObject>,
): Map<string, LiveObject> {
  const found = new Map<string, LiveObject>();
  for (const [address, owner] of wanted) {
    for (const { part, kind, id } of driverOf(owner.kind).parts?.(owner.raw) ?? []) {
      const named = index.byId.get(`${kind}:${id}`);
      const partAddress = `${ownerAddressOf(address)}/${part}`;
      if (named === undefined || objectKindOf(partAddress) !== kind) continue;
      if (named.marker === undefined || named.marker.namespace !== owner.marker?.namespace)
        found.set(partAddress, named);
    }
  }
  // Unmarked objects that belong to a look-alike (its schema's identity descriptor) come with it.
  const wantedBy = new Map<string, string>();
  for (const [address, object] of wanted) {
    wantedBy.set(`${object.kind}:${object.id}`, address);
    if (object.schemaId !== undefined) wantedBy.set(`${object.kind}:${object.schemaId}`, address);
  }
  for (const object of index.byId.values()) {
    const owner = driverOf(object.kind).partOf?.(object.raw);
    const ownerAddress = owner === undefined ? undefined : wantedBy.get(`${owner.kind}:${owner.id}`);
    if (owner === undefined || ownerAddress === undefined) continue;
    const address = `${ownerAddress}/${owner.part}`;
    if (objectKindOf(address) === object.kind) found.set(address, object);
  }
  return found;
}

/** Translates live ids into addresses of current objects. */
export function buildResolver(current: ReadonlyMap<string, LiveObject>): RefResolver {
  const addressById = new Map<string, string>();
  const addressBySchemaId = new Map<string, string>();
  for (const [address, object] of current) {
    addressById.set(`${object.kind}:${object.id}`, address);
    if (object.schemaId !== undefined) addressBySchemaId.set(object.schemaId, address);
  }
  return createRefResolver({
    address: (key) => addressById.get(key),
    schemaAddress: (id) => addressBySchemaId.get(id),
    version: (address) => current.get(address)?.version,
  });
}
