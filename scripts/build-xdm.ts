// Builds src/data/generated/xdm.json from Adobe's XDM components (the `components/` folder of the public
// repository github.com/adobe/xdm, given as the first argument; without one, a copy next to this
// checkout): one compact record per class, field group, data type and behaviour, with field names
// as AEP's API shows them (`xdm:` prefix dropped, `@id` as `_id`).
import { readdir, readFile, writeFile, mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { XdmField, XdmKind, XdmResource } from "../src/data/xdm.ts";

const source = resolve(process.argv[2] ?? "../shared/reference/xdm/components");
const output = "src/data/generated/xdm.json";

interface RawSchema {
  $id?: string;
  title?: string;
  description?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  $ref?: string;
  items?: RawSchema;
  properties?: Record<string, RawSchema>;
  definitions?: Record<string, RawSchema>;
  allOf?: RawSchema[];
  "meta:extends"?: string[];
  "meta:intendedToExtend"?: string[];
  "meta:status"?: string;
  "meta:abstract"?: boolean;
  "meta:extensible"?: boolean;
}

/**
 * AEP shows `xdm:person` as `person` and `@id` as `_id`: mappings name `person.name.firstName` and `_id`
 * (help/sources/tutorials/api/collect/marketing-automation.md).
 */
export function apiFieldName(name: string): string {
  if (name === "@id") return "_id";
  return name.startsWith("xdm:") ? name.slice(4) : name;
}

function convertField(raw: RawSchema): XdmField {
  const field: XdmField = {};
  if (raw.$ref !== undefined) field.ref = raw.$ref;
  if (raw.type !== undefined) field.type = raw.type;
  if (raw.title !== undefined) field.title = raw.title;
  if (raw.format !== undefined) field.format = raw.format;
  if (raw.enum !== undefined) field.enum = raw.enum.map(String);
  if (raw.items !== undefined) field.items = convertField(raw.items);
  if (raw.properties !== undefined) field.properties = convertProperties(raw.properties);
  // Inline allOf inside a field (rare): merge its properties and refs.
  for (const part of raw.allOf ?? []) {
    if (part.$ref !== undefined && field.ref === undefined) field.ref = part.$ref;
    if (part.properties !== undefined)
      field.properties = { ...field.properties, ...convertProperties(part.properties) };
  }
  return field;
}

function convertProperties(props: Record<string, RawSchema>): Record<string, XdmField> {
  const out: Record<string, XdmField> = {};
  for (const [name, raw] of Object.entries(props)) out[apiFieldName(name)] = convertField(raw);
  return out;
}

function kindOf(path: string): XdmKind {
  const top = path.split("/")[0];
  if (top === "classes") return "class";
  if (top === "fieldgroups") return "fieldgroup";
  if (top === "behaviors") return "behavior";
  return "datatype";
}

function convertResource(raw: RawSchema, path: string): XdmResource | undefined {
  if (raw.$id === undefined) return undefined;
  const kind = kindOf(path);
  let fields: Record<string, XdmField> = raw.properties ? convertProperties(raw.properties) : {};
  const extendsIds: string[] = [];
  for (const part of raw.allOf ?? []) {
    const ref = part.$ref;
    if (ref === undefined) {
      if (part.properties !== undefined) fields = { ...fields, ...convertProperties(part.properties) };
      continue;
    }
    if (ref.startsWith("#/definitions/")) {
      const def = raw.definitions?.[ref.slice("#/definitions/".length)];
      if (def?.properties !== undefined) fields = { ...fields, ...convertProperties(def.properties) };
    } else if (!ref.includes("#")) {
      extendsIds.push(ref);
    }
    // Fragment refs into other files (`…/extensible#/definitions/@context`) carry JSON-LD context only.
  }
  const resource: XdmResource = {
    id: raw.$id,
    kind,
    title: raw.title ?? raw.$id,
    description: raw.description ?? "",
    path,
    extends: extendsIds,
    fields,
  };
  if (raw["meta:intendedToExtend"] !== undefined) resource.intendedToExtend = raw["meta:intendedToExtend"];
  if (raw["meta:status"] !== undefined) resource.status = raw["meta:status"];
  if (raw.type !== undefined && raw.type !== "object") resource.type = raw.type;
  return resource;
}

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith(".schema.json")) yield full;
  }
}

export async function buildXdm(root: string): Promise<XdmResource[]> {
  const resources: XdmResource[] = [];
  for await (const file of walk(root)) {
    const raw = JSON.parse(await readFile(file, "utf8")) as RawSchema;
    const resource = convertResource(raw, relative(root, file).replaceAll("\\", "/"));
    if (resource !== undefined) resources.push(resource);
  }
  resources.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return resources;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const resources = await buildXdm(source);
  await mkdir("src/data/generated", { recursive: true });
  const banner =
    "Generated from Adobe's XDM components (adobe/xdm @4a4fc5f, CC BY 4.0) by `npm run gen:xdm`. Do not edit.";
  await writeFile(output, `${JSON.stringify({ $comment: banner, resources })}\n`);
  process.stdout.write(`wrote ${resources.length} XDM resources to ${output}\n`);
}
