/**
 * Adobe's standard XDM classes, field groups, data types and behaviours, as AEP's Schema Registry
 * shows them in its `global` container, and the field paths a mapping destination may name.
 * Data: src/data/generated/xdm.json, built by scripts/build-xdm.ts from the `components/` folder of
 * Adobe's public XDM repository (github.com/adobe/xdm).
 */
import data from "./generated/xdm.json" with { type: "json" };

export type XdmKind = "class" | "fieldgroup" | "datatype" | "behavior";

export interface XdmField {
  type?: string;
  title?: string;
  format?: string;
  enum?: string[];
  /** `$id` of a data type whose fields this field has. */
  ref?: string;
  items?: XdmField;
  properties?: Record<string, XdmField>;
}

export interface XdmResource {
  id: string;
  kind: XdmKind;
  title: string;
  description: string;
  /** Path under adobe/xdm's components/ folder. */
  path: string;
  /** Other resources whose fields this one includes (a class's behaviour, auditable, …). */
  extends: string[];
  /** For field groups: the classes they may be added to. */
  intendedToExtend?: string[];
  status?: string;
  type?: string;
  /** Own fields, API names (no `xdm:` prefix, `_id` for `@id`). */
  fields: Record<string, XdmField>;
}

const resources = (data as unknown as { resources: XdmResource[] }).resources;
const byId = new Map(resources.map((r) => [r.id, r]));

export function xdmResources(): readonly XdmResource[] {
  return resources;
}

export function findXdmResource(id: string): XdmResource | undefined {
  return byId.get(id);
}

/** How deep field paths are expanded; XDM data types nest (and some recurse), mappings do not go deeper. */
const MAX_DEPTH = 12;

/**
 * Every field path (`person.name.firstName`, `_id`, `identityMap`, …) of a schema made of a class
 * and field groups: objects and leaves alike, arrays as their own name (mapping into array items
 * uses `field[*].x` in Data Prep, accepted by `hasFieldPath`).
 */
export function xdmFieldPaths(ids: readonly string[]): Set<string> {
  const paths = new Set<string>();
  const seen = new Set<string>();
  const visitResource = (id: string): void => {
    if (seen.has(id)) return;
    seen.add(id);
    const resource = byId.get(id);
    if (resource === undefined) return;
    for (const parent of resource.extends) visitResource(parent);
    addFields(resource.fields, "", paths, [id], 0);
  };
  for (const id of ids) visitResource(id);
  return paths;
}

function addFields(
  fields: Record<string, XdmField>,
  prefix: string,
  paths: Set<string>,
  chain: string[],
  depth: number,
): void {
  if (depth >= MAX_DEPTH) return;
  for (const [name, field] of Object.entries(fields)) {
    const path = prefix === "" ? name : `${prefix}.${name}`;
    paths.add(path);
    addField(field, path, paths, chain, depth + 1);
  }
}

function addField(field: XdmField, path: string, paths: Set<string>, chain: string[], depth: number): void {
  if (field.properties !== undefined) addFields(field.properties, path, paths, chain, depth);
  if (field.items !== undefined) addField(field.items, `${path}[*]`, paths, chain, depth);
  if (field.ref !== undefined && !chain.includes(field.ref)) {
    const target = byId.get(field.ref);
    if (target !== undefined) {
      const next = [...chain, field.ref];
      for (const parent of target.extends) {
        const p = byId.get(parent);
        if (p !== undefined && !next.includes(parent))
          addFields(p.fields, path, paths, [...next, parent], depth);
      }
      addFields(target.fields, path, paths, next, depth);
    }
  }
}

/** Whether `path` names a field of the schema whose paths are given (array items as `a[*].b` or `a.b`). */
export function hasFieldPath(paths: ReadonlySet<string>, path: string): boolean {
  if (paths.has(path)) return true;
  const normalized = path.replace(/\[(\*|\d+)\]/g, "[*]");
  if (paths.has(normalized)) return true;
  // Data Prep also accepts array item fields without brackets in some tutorials.
  for (const p of paths) if (p.replaceAll("[*]", "") === normalized.replaceAll("[*]", "")) return true;
  return false;
}
