/**
 * Mapping destinations checked online at plan time (docs/architecture.md, "Validation"): `validate` checks them offline
 * against Adobe's global classes and field groups; tenant schemas and field groups exist only in
 * the sandbox, so they are read here, once each, resolved (`xed-full+json`).
 */
import type { AepClient } from "../aep/index.ts";
import { findXdmResource, hasFieldPath, xdmFieldPaths } from "../data/xdm.ts";
import type { DesiredObject } from "../model/objects.ts";
import type { PlanNotice } from "../model/plan.ts";
import { isRef } from "../model/ref.ts";

type Json = Record<string, unknown>;
type Kind = "schemas" | "classes" | "fieldgroups";

/** Dotted field paths of a resolved resource's `properties` (array items as `name[*].child`). */
export function resolvedFieldPaths(
  properties: unknown,
  prefix = "",
  out = new Set<string>(),
  depth = 0,
): Set<string> {
  if (depth > 16 || typeof properties !== "object" || properties === null) return out;
  for (const [name, field] of Object.entries(properties as Json)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    out.add(path);
    const f = (field ?? {}) as Json;
    if (f.properties !== undefined) resolvedFieldPaths(f.properties, path, out, depth + 1);
    const items = (f.items ?? undefined) as Json | undefined;
    if (items?.properties !== undefined) resolvedFieldPaths(items.properties, `${path}[*]`, out, depth + 1);
  }
  return out;
}

export async function checkDestinations(
  client: AepClient,
  desired: readonly DesiredObject[],
): Promise<PlanNotice[]> {
  const byAddress = new Map(desired.map((d) => [d.address, d]));
  const fetched = new Map<string, Promise<Json | undefined>>();
  const fetchResolved = (kind: Kind, id: string): Promise<Json | undefined> => {
    const key = `${kind}:${id}`;
    let pending = fetched.get(key);
    if (pending === undefined) {
      pending = client.schemaRegistry
        .get(kind, id, { full: true, container: "tenant" })
        .then((r) => r as Json | undefined);
      fetched.set(key, pending);
    }
    return pending;
  };

  const notices: PlanNotice[] = [];
  const checks = desired
    .filter((d) => d.kind === "mappingSet")
    .map(async (mapping) => {
      const output = mapping.spec.outputSchema;
      let paths: Set<string>;
      let schemaName: string;
      if (isRef(output)) {
        const schema = byAddress.get(output.$ref);
        if (schema === undefined) return;
        const ids = [schema.spec.class, ...((schema.spec.fieldGroups ?? []) as unknown[])].filter(
          (id): id is string => typeof id === "string",
        );
        const tenant = ids.filter((id) => findXdmResource(id) === undefined);
        // Entirely global (or ad-hoc): validate already checked these offline.
        if (tenant.length === 0 || isRef(schema.spec.class)) return;
        paths = xdmFieldPaths(ids.filter((id) => findXdmResource(id) !== undefined));
        schemaName = schema.address;
        for (const id of tenant) {
          const kind: Kind = id === schema.spec.class ? "classes" : "fieldgroups";
          const resource = await fetchResolved(kind, id);
          if (resource === undefined) {
            notices.push({
              severity: "error",
              address: schema.address,
              code: "unresolved",
              message: `${kind === "classes" ? "class" : "field group"} ${id} does not exist in the sandbox`,
              ...(schema.declaredAt !== undefined ? { declaredAt: schema.declaredAt } : {}),
            });
            return;
          }
          resolvedFieldPaths(resource.properties, "", paths);
        }
      } else if (typeof output === "string") {
        if (findXdmResource(output) !== undefined) return;
        const resource = await fetchResolved("schemas", output);
        schemaName = output;
        if (resource === undefined) {
          notices.push({
            severity: "error",
            address: mapping.address,
            code: "unresolved",
            message: `schema ${output} does not exist in the sandbox: create it, or name a Schema manifest`,
            ...(mapping.declaredAt !== undefined ? { declaredAt: mapping.declaredAt } : {}),
          });
          return;
        }
        paths = resolvedFieldPaths(resource.properties);
      } else return;
      for (const rule of (mapping.spec.mappings ?? []) as Json[]) {
        const destination = String(rule.destination);
        if (!hasFieldPath(paths, destination))
          notices.push({
            severity: "error",
            address: mapping.address,
            code: "unresolved",
            message: `mapping destination '${destination}' is not a field of ${schemaName}: fix the destination or add the field group that has it`,
            ...(mapping.declaredAt !== undefined ? { declaredAt: mapping.declaredAt } : {}),
          });
      }
    });
  await Promise.all(checks);
  return notices.sort((a, b) =>
    a.address < b.address ? -1 : a.address > b.address ? 1 : a.message < b.message ? -1 : 1,
  );
}
