/**
 * What apply knows of every object it can reference, by address: the live ids the plan saw (and
 * their `$id`s and versions), then what creates and new versions return. It resolves references
 * in bodies and ops, and reads live ids back as addresses to compare with the plan.
 */
import { createRefResolver } from "../kinds/index.ts";
import type { KnownIds, RefResolver } from "../kinds/index.ts";
import { InternalError } from "../errors.ts";
import type { ObjectKind } from "../model/objects.ts";
import { liveFactsOf } from "../model/plan.ts";
import type { Plan } from "../model/plan.ts";
import { isRef } from "../model/ref.ts";
import type { Ref } from "../model/ref.ts";

export interface Known {
  kind: ObjectKind;
  id: string;
  schemaId?: string;
  version?: number;
}

export interface KnownObjects extends KnownIds {
  set(address: string, known: Known): void;
  get(address: string): Known | undefined;
  resolver: RefResolver;
  /** Replaces every reference inside a value by what it resolves to. */
  resolveDeep(value: unknown): unknown;
}

export function knownFromPlan(plan: Plan): KnownObjects {
  const byAddress = new Map<string, Known>();
  const addressById = new Map<string, string>();
  const addressBySchemaId = new Map<string, string>();
  const set = (address: string, known: Known): void => {
    byAddress.set(address, known);
    addressById.set(`${known.kind}:${known.id}`, address);
    if (known.schemaId !== undefined) addressBySchemaId.set(known.schemaId, address);
  };
  for (const change of plan.changes) {
    if (change.id === undefined || change.action === "delete" || change.address.includes("#")) continue;
    const known: Known = { kind: change.kind, id: change.id };
    const facts = liveFactsOf(change);
    if (facts?.schemaId !== undefined) known.schemaId = facts.schemaId;
    if (facts?.version !== undefined) known.version = facts.version;
    set(change.address, known);
  }
  const resolve = (r: Ref): string | number => {
    const k = byAddress.get(r.$ref);
    if (k === undefined) throw new InternalError(`${r.$ref} has no id yet (dependency order)`);
    if (r.field === "version") return k.version ?? 0;
    if (k.kind === "schema" || k.kind === "class") return k.schemaId ?? k.id;
    return k.id;
  };
  const resolveDeep = (value: unknown): unknown => {
    if (isRef(value)) return resolve(value);
    if (Array.isArray(value)) return value.map(resolveDeep);
    if (typeof value === "object" && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = resolveDeep(v);
      return out;
    }
    return value;
  };
  const resolver = createRefResolver({
    address: (key) => addressById.get(key),
    schemaAddress: (id) => addressBySchemaId.get(id),
    version: (address) => byAddress.get(address)?.version,
  });
  return { set, get: (address) => byAddress.get(address), resolve, resolveDeep, resolver };
}
