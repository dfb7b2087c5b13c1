/**
 * Semantic rules beyond the JSON Schema (docs/architecture.md, "Validation"): each a named function
 * that reads the context and pushes located diagnostics (changesets' rules.ts pattern). Pure.
 */
import {
  chooseAuthSpec,
  connectors,
  findConnector,
  findConnectorBySpecId,
  findFlowSpecByName,
  fitSourceParams,
  scheduleProblems,
  type ConnectorInfo,
  type SourceParamSet,
} from "../data/connectors.ts";
import { findXdmResource, hasFieldPath, xdmFieldPaths, xdmResources, type XdmKind } from "../data/xdm.ts";
import type { SchemaManifest } from "../schema/index.ts";
import { escapePointer, formatSuggestion, isPlainObject } from "../schema/index.ts";
import type { Diagnostic, Position, RuleId } from "./diagnostic.ts";
import { SANDBOX_NAME } from "../model/sandbox.ts";
import { kinds } from "./model.ts";
import type { Kind, LoadedConfig, LoadedManifest } from "./model.ts";
import { looksLikeCredentialName } from "./credentials.ts";
import { parseSingleReference, scanReferences, suggestName } from "./references.ts";

/** Where a diagnostic can point: a file and a way to locate pointers in it. */
export interface Locatable {
  file: string;
  locate: (pointer: string) => Position;
}

/** A document with a known apiVersion and kind and a string metadata.name, schema-valid or not. */
export interface Declaration extends Locatable {
  kind: Kind;
  name: string;
  docIndex: number;
}

/** A document with a known apiVersion and kind, schema-valid or not (for reference syntax). */
export interface ManifestDocument extends Locatable {
  kind: Kind;
  data: unknown;
}

export interface RuleContext {
  /** Schema-valid manifests. */
  manifests: readonly LoadedManifest[];
  declarations: readonly Declaration[];
  documents: readonly ManifestDocument[];
  config: LoadedConfig;
  /** Whether an aepsync.yaml was found and is schema-valid. */
  configFound: boolean;
  configValid: boolean;
  /** The parsed aepsync.yaml, valid or not (undefined when absent or unparsable). */
  rawConfig?: (Locatable & { data: unknown }) | undefined;
  /** Epoch milliseconds of "now", for startTime checks. */
  now: number;
  diagnostics: Diagnostic[];
}

export type Rule = (ctx: RuleContext) => void;

/** Adds a located diagnostic (every rule module reports through this). */
export function report(
  ctx: RuleContext,
  at: Locatable,
  pointer: string,
  rule: RuleId,
  message: string,
  severity: "error" | "warning" = "error",
): void {
  const { line, column } = at.locate(pointer);
  ctx.diagnostics.push({ file: at.file, line, column, pointer, message, severity, rule });
}

function manifestsOf<K extends Kind>(ctx: RuleContext, kind: K): LoadedManifest<K>[] {
  return ctx.manifests.filter((m): m is LoadedManifest<K> => m.kind === kind);
}

/** Lookups by `Kind/name`, built once per context: rules look names up for every pipeline. */
interface Index {
  manifests: Map<string, LoadedManifest>;
  declared: Map<string, Declaration>;
  byName: Map<string, Declaration>;
}

const indexes = new WeakMap<RuleContext, Index>();

function indexOf(ctx: RuleContext): Index {
  let index = indexes.get(ctx);
  if (index === undefined) {
    index = { manifests: new Map(), declared: new Map(), byName: new Map() };
    for (const m of ctx.manifests)
      if (!index.manifests.has(`${m.kind}/${m.name}`)) index.manifests.set(`${m.kind}/${m.name}`, m);
    for (const d of ctx.declarations) {
      if (!index.declared.has(`${d.kind}/${d.name}`)) index.declared.set(`${d.kind}/${d.name}`, d);
      if (!index.byName.has(d.name)) index.byName.set(d.name, d);
    }
    indexes.set(ctx, index);
  }
  return index;
}

function findManifest<K extends Kind>(
  ctx: RuleContext,
  kind: K,
  name: string,
): LoadedManifest<K> | undefined {
  return indexOf(ctx).manifests.get(`${kind}/${name}`) as LoadedManifest<K> | undefined;
}

function isDeclared(ctx: RuleContext, kind: Kind, name: string): boolean {
  return indexOf(ctx).declared.has(`${kind}/${name}`);
}

function declaredNames(ctx: RuleContext, kind: Kind): string[] {
  return ctx.declarations.filter((d) => d.kind === kind).map((d) => d.name);
}

/** The catalog entry of a Connection manifest, by alias or by connection spec id. */
export function connectorOf(manifest: LoadedManifest<"Connection">): ConnectorInfo | undefined {
  const spec = manifest.manifest.spec;
  return "connector" in spec ? findConnector(spec.connector) : findConnectorBySpecId(spec.connectionSpec.id);
}

function connectorPointer(manifest: LoadedManifest<"Connection">): string {
  return "connector" in manifest.manifest.spec ? "/spec/connector" : "/spec/connectionSpec/id";
}

// ---------------------------------------------------------------------------------------------
// Names and references

export const checkUniqueNames: Rule = (ctx) => {
  const first = new Map<string, Declaration>();
  for (const d of ctx.declarations) {
    const key = `${d.kind}/${d.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, d);
      continue;
    }
    const where = `${earlier.file}:${earlier.locate("/metadata/name").line}`;
    report(
      ctx,
      d,
      "/metadata/name",
      "unique-name",
      `${d.kind} '${d.name}' is already declared at ${where}: rename one of them`,
    );
  }
};

/**
 * `metadata.renamedFrom` takes over the live objects of the old name: the old name must not be
 * declared any more (it would own them too), nor claimed by two manifests of a kind.
 */
export const checkRenames: Rule = (ctx) => {
  const claimed = new Map<string, Declaration>();
  for (const kind of kinds) {
    for (const m of manifestsOf(ctx, kind)) {
      const old = m.manifest.metadata.renamedFrom;
      if (old === undefined) continue;
      const pointer = "/metadata/renamedFrom";
      if (old === m.name) {
        report(ctx, m, pointer, "renamed-from", `renamedFrom names this manifest's own name: remove it`);
        continue;
      }
      if (isDeclared(ctx, kind, old)) {
        report(
          ctx,
          m,
          pointer,
          "renamed-from",
          `${kind} '${old}' is still declared: a rename takes over its objects, so remove the old manifest (or drop renamedFrom)`,
        );
        continue;
      }
      const key = `${kind}/${old}`;
      const earlier = claimed.get(key);
      if (earlier !== undefined) {
        report(
          ctx,
          m,
          pointer,
          "renamed-from",
          `${kind} '${earlier.name}' is already renamed from '${old}' (${earlier.file}:${earlier.locate(pointer).line}): one manifest takes over an old name`,
        );
        continue;
      }
      claimed.set(key, m);
    }
  }
};

function checkReference(ctx: RuleContext, at: Locatable, pointer: string, kind: Kind, name: string): boolean {
  if (isDeclared(ctx, kind, name)) return true;
  const other = indexOf(ctx).byName.get(name);
  const hint =
    other === undefined
      ? formatSuggestion(name, declaredNames(ctx, kind))
      : ` (a ${other.kind} has that name)`;
  report(ctx, at, pointer, "reference", `no ${kind} named '${name}'${hint}: declare it or fix the name`);
  return false;
}

const TENANT_SCHEMA_ID = /^https:\/\/ns\.adobe\.com\/[A-Za-z0-9_-]+\/schemas\/[A-Za-z0-9_.-]+$/;

export const checkReferences: Rule = (ctx) => {
  for (const p of manifestsOf(ctx, "Pipeline")) {
    const { source, target } = p.manifest.spec;
    checkReference(ctx, p, "/spec/source/connection", "Connection", source.connection);
    checkReference(ctx, p, "/spec/target/dataset", "Dataset", target.dataset);
    if (
      source.schema !== undefined &&
      checkReference(ctx, p, "/spec/source/schema", "Schema", source.schema)
    ) {
      const schema = findManifest(ctx, "Schema", source.schema);
      if (schema !== undefined && !("adhoc" in schema.manifest.spec)) {
        report(
          ctx,
          p,
          "/spec/source/schema",
          "source-schema",
          `Schema '${source.schema}' is not ad hoc: source.schema names an ad-hoc Schema (spec.adhoc.fields) that describes the raw source fields`,
        );
      }
    }
  }
  for (const d of manifestsOf(ctx, "Dataset")) {
    const schema = d.manifest.spec.schema;
    if (!schema.includes("://")) {
      checkReference(ctx, d, "/spec/schema", "Schema", schema);
    } else if (!TENANT_SCHEMA_ID.test(schema) && findXdmResource(schema) === undefined) {
      report(
        ctx,
        d,
        "/spec/schema",
        "reference",
        `'${schema}' is not a schema $id: use a Schema's metadata.name or an existing schema's $id (https://ns.adobe.com/<tenant>/schemas/<id>)`,
      );
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Connections and credentials

export const checkConnections: Rule = (ctx) => {
  const aliases = connectors.map((c) => c.alias);
  for (const c of manifestsOf(ctx, "Connection")) {
    const spec = c.manifest.spec;
    const connector = connectorOf(c);
    if ("connector" in spec && connector === undefined) {
      report(
        ctx,
        c,
        "/spec/connector",
        "unknown-connector",
        `unknown connector '${spec.connector}'${formatSuggestion(spec.connector, aliases)}: use one of ${aliases.join(", ")}, or connectionSpec: {id: <uuid>} for another source`,
      );
    }
    if (connector?.warning !== undefined) {
      report(ctx, c, connectorPointer(c), "connector-deprecated", connector.warning, "warning");
    }
    checkCredentials(ctx, c, connector);
    if (connector === undefined) continue;
    const choice = chooseAuthSpec(connector, spec.auth.specName, Object.keys(spec.auth.params));
    const authSpec = choice.spec;
    const names = connector.authSpecs.map((a) => `'${a.name}'`).join(" or ");
    if (authSpec === undefined) {
      const hint = formatSuggestion(
        choice.name,
        connector.authSpecs.map((a) => a.name),
      );
      report(
        ctx,
        c,
        "/spec/auth/specName",
        "auth-spec",
        `${connector.title} has no auth spec '${choice.name}'${hint}: use ${names}`,
      );
      continue;
    }
    if (authSpec.deprecated !== undefined) {
      // A deprecated spec still works where AEP still takes it: a warning, never an error.
      const named = choice.by === "named";
      report(
        ctx,
        c,
        named ? "/spec/auth/specName" : "/spec/auth/params",
        "connector-deprecated",
        `${connector.title} '${authSpec.name}'${named ? "" : " (the auth spec these params select)"}: ${authSpec.deprecated}`,
        "warning",
      );
    }
    const params = spec.auth.params;
    for (const required of authSpec.required) {
      if (params[required] !== undefined) continue;
      const name = suggestName(`${connector.alias}_${required}`);
      const scheme = authSpec.secret.includes(required) || looksLikeCredentialName(name) ? "secret" : "env";
      report(
        ctx,
        c,
        "/spec/auth/params",
        "auth-params",
        `${connector.title} '${authSpec.name}' needs param '${required}': add ${required}: \${${scheme}:${name}}`,
      );
    }
    for (const key of Object.keys(params)) {
      if (authSpec.params.includes(key)) continue;
      report(
        ctx,
        c,
        `/spec/auth/params/${escapePointer(key)}`,
        "auth-params",
        `'${key}' is not a param of ${connector.title} '${authSpec.name}'${formatSuggestion(key, authSpec.params)}: remove it (expected ${authSpec.params.join(", ")})`,
      );
    }
  }
};

/** Every auth param is exactly one ${secret:…} or ${env:…} reference; catalog secrets use ${secret:…}. */
function checkCredentials(
  ctx: RuleContext,
  c: LoadedManifest<"Connection">,
  connector: ConnectorInfo | undefined,
) {
  const spec = c.manifest.spec;
  const chosen =
    connector === undefined
      ? undefined
      : chooseAuthSpec(connector, spec.auth.specName, Object.keys(spec.auth.params)).spec;
  const secrets = chosen?.secret ?? [];
  for (const [key, value] of Object.entries(spec.auth.params)) {
    if (value === undefined || scanReferences(value).problems.length > 0) continue;
    const pointer = `/spec/auth/params/${escapePointer(key)}`;
    const reference = parseSingleReference(value);
    const secret = secrets.includes(key);
    const prefix = connector?.alias ?? c.name;
    const name = suggestName(`${prefix}_${key}`);
    const suggestion = `\${${secret || looksLikeCredentialName(name) ? "secret" : "env"}:${name}}`;
    if (reference === undefined) {
      const mixed = scanReferences(value).references.length > 0;
      report(
        ctx,
        c,
        pointer,
        "literal-credential",
        mixed
          ? `auth param '${key}' mixes literal text with a reference: the whole value must be one reference such as ${suggestion}`
          : `auth param '${key}' holds a literal value: credentials do not belong in Git; use a reference such as ${suggestion}`,
      );
    } else if (reference.scheme === "var") {
      report(
        ctx,
        c,
        pointer,
        "literal-credential",
        `auth param '${key}' uses \${var:${reference.name}}, a value kept in aepsync.yaml in Git: use ${suggestion}`,
      );
    } else if (secret && reference.scheme === "env") {
      // An error, not a warning: ${env:} values are not masked, and this param is a credential.
      report(
        ctx,
        c,
        pointer,
        "secret-param",
        `'${key}' is a credential: use \${secret:${reference.name}} so that it is masked everywhere`,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// ${…} references anywhere in a manifest

function* walkStrings(value: unknown, pointer: string): Generator<[string, string]> {
  if (typeof value === "string") {
    yield [pointer, value];
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* walkStrings(value[i], `${pointer}/${i}`);
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value))
      yield* walkStrings(item, `${pointer}/${escapePointer(key)}`);
  }
}

const AUTH_PARAM = /^\/spec\/auth\/params\/[^/]+$/;

export const checkReferenceSyntax: Rule = (ctx) => {
  const environments = Object.entries(ctx.config.config.environments);
  for (const doc of ctx.documents) {
    for (const [pointer, value] of walkStrings(doc.data, "")) {
      if (!value.includes("${")) continue;
      const redact = pointer.startsWith("/spec/auth/");
      const { references, problems } = scanReferences(value, { redact });
      for (const problem of problems) report(ctx, doc, pointer, "reference-syntax", problem.message);
      for (const reference of references) {
        if (reference.scheme === "secret" && !(doc.kind === "Connection" && AUTH_PARAM.test(pointer))) {
          report(
            ctx,
            doc,
            pointer,
            "secret-outside-auth",
            `\${secret:${reference.name}} may only be used in a Connection's auth.params (secrets never go into names, descriptions or plans): remove it, or write the text itself if it is not a secret`,
          );
        }
        // With a broken aepsync.yaml the variables are unknown: its own diagnostics say why.
        if (reference.scheme !== "var" || (ctx.configFound && !ctx.configValid)) continue;
        const missing = environments.filter(([, env]) => env?.variables?.[reference.name] === undefined);
        if (environments.length > 0 && missing.length === 0) continue;
        if (missing.length < environments.length) {
          const names = missing.map(([name]) => name).join(", ");
          report(
            ctx,
            doc,
            pointer,
            "unknown-variable",
            `variable ${reference.name} is not defined in environment(s) ${names} of aepsync.yaml: plan and apply there will fail; add it to their variables`,
            "warning",
          );
        } else {
          const where = ctx.configFound
            ? "in any environment of aepsync.yaml"
            : "(no aepsync.yaml was found)";
          report(
            ctx,
            doc,
            pointer,
            "unknown-variable",
            `variable ${reference.name} is not defined ${where}: add it under environments.<name>.variables`,
          );
        }
      }
    }
  }
};

// ---------------------------------------------------------------------------------------------
// Pipelines: connector needs, schedule, mapping

export const checkPipelines: Rule = (ctx) => {
  for (const p of manifestsOf(ctx, "Pipeline")) {
    const connection = findManifest(ctx, "Connection", p.manifest.spec.source.connection);
    const connector = connection === undefined ? undefined : connectorOf(connection);
    if (connector !== undefined) {
      checkDeltaColumn(ctx, p, connector);
      checkSourceParams(ctx, p, connector);
      checkSourceFormat(ctx, p, connector);
    }
    checkSchedule(ctx, p);
  }
};

function checkDeltaColumn(ctx: RuleContext, p: LoadedManifest<"Pipeline">, connector: ConnectorInfo): void {
  const spec = p.manifest.spec;
  const flowSpec = findFlowSpecByName(connector.flowSpecName);
  if (connector.deltaColumnRequired && spec.deltaColumn === undefined) {
    report(
      ctx,
      p,
      "/spec",
      "delta-column",
      `${connector.title} flows (${connector.flowSpecName}) need a deltaColumn: add deltaColumn: {name: <a column that changes on every update, e.g. updatedAt>}`,
    );
  }
  if (spec.deltaColumn !== undefined && flowSpec !== undefined && !flowSpec.copyTransformation) {
    report(
      ctx,
      p,
      "/spec/deltaColumn",
      "delta-column",
      `the ${flowSpec.name} flow spec of ${connector.title} has no Copy transformation, so deltaColumn is ignored: remove it`,
      "warning",
    );
  }
}

/** How a message names a source param: `path` is written as source.path. */
function sourceParamName(param: string): string {
  return param === "path" ? "source.path" : `source.params.${param}`;
}

function describeSourceForm(connector: ConnectorInfo, set: SourceParamSet): string {
  const required = set.required
    .map((p) => {
      const example = connector.examples?.[p];
      return example === undefined ? sourceParamName(p) : `${sourceParamName(p)} (e.g. ${example})`;
    })
    .join(" and ");
  const optional = set.optional.map((p) => `params.${p}`).join(", ");
  return optional === "" ? required : `${required} with optional ${optional}`;
}

function checkSourceParams(ctx: RuleContext, p: LoadedManifest<"Pipeline">, connector: ConnectorInfo): void {
  const source = p.manifest.spec.source;
  const params = source.params ?? {};
  if (source.path !== undefined && params.path !== undefined) {
    report(
      ctx,
      p,
      "/spec/source/params/path",
      "source-params",
      "the path is given twice: keep source.path and remove params.path",
    );
  }
  const given = Object.keys(params).filter((k) => params[k] !== undefined);
  if (source.path !== undefined && !given.includes("path")) given.push("path");
  const pointerOf = (param: string): string =>
    param === "path" && source.path !== undefined
      ? "/spec/source/path"
      : `/spec/source/params/${escapePointer(param)}`;
  const fit = fitSourceParams(connector, given);
  const sets = connector.sourceParamSets;
  if (fit.kind === "none") {
    const only = sets.length === 1 ? sets[0] : undefined;
    if (only === undefined) {
      const forms = sets.map((s) => describeSourceForm(connector, s)).join(", or ");
      report(
        ctx,
        p,
        "/spec/source",
        "source-params",
        `${connector.title} needs the object to read, in one of these forms: ${forms}: add one`,
      );
      return;
    }
    for (const param of only.required) {
      if (given.includes(param)) continue;
      const example = connector.examples?.[param];
      const message =
        param === "path"
          ? `${connector.title} needs the object to read: add source.path${example === undefined ? "" : `, e.g. ${example}`}`
          : `${connector.title} needs source.params.${param}: add it${example === undefined ? "" : ` (e.g. ${example})`}`;
      report(
        ctx,
        p,
        source.params === undefined ? "/spec/source" : "/spec/source/params",
        "source-params",
        message,
      );
    }
    return;
  }
  if (fit.kind === "several") {
    const forms = fit.sets.map((s) => s.required.map(sourceParamName).join(" and "));
    const second = fit.sets[1]!.required[0]!;
    report(
      ctx,
      p,
      pointerOf(second),
      "source-params",
      `${connector.title} reads ${forms.join(" or ")}, not both: keep one`,
    );
    return;
  }
  for (const param of fit.misplaced) {
    const owner = sets.find((s) => s !== fit.set && [...s.required, ...s.optional].includes(param))!;
    report(
      ctx,
      p,
      pointerOf(param),
      "source-params",
      `params.${param} goes with ${owner.required.map(sourceParamName).join(" and ")}, not with ${fit.set.required.map(sourceParamName).join(" and ")}: remove it, or use ${owner.required.map(sourceParamName).join(" and ")} instead`,
    );
  }
}

function checkSourceFormat(ctx: RuleContext, p: LoadedManifest<"Pipeline">, connector: ConnectorInfo): void {
  const format = p.manifest.spec.source.format;
  const formats = connector.sourceFormats;
  if (format === undefined || formats === undefined || formats.includes(format)) return;
  report(
    ctx,
    p,
    "/spec/source/format",
    "source-params",
    `${connector.title} takes source.format ${formats.slice(0, -1).join(", ")} or ${formats.at(-1)}, not '${format}': use one of them`,
  );
}

/** epoch seconds above this are surely milliseconds (year 5138). */
const MAX_EPOCH_SECONDS = 1e11;

function checkSchedule(ctx: RuleContext, p: LoadedManifest<"Pipeline">): void {
  const schedule = p.manifest.spec.schedule;
  for (const problem of scheduleProblems(schedule)) {
    // scheduleProblems returns plain sentences; point at the field each one is about.
    const pointer = /takes no backfill/.test(problem)
      ? "/spec/schedule/backfill"
      : /needs an interval$/.test(problem)
        ? "/spec/schedule"
        : "/spec/schedule/interval";
    report(ctx, p, pointer, "schedule", problem);
  }
  const start = schedule.startTime;
  if (typeof start === "number" && start > MAX_EPOCH_SECONDS) {
    report(
      ctx,
      p,
      "/spec/schedule/startTime",
      "start-time",
      `startTime is in epoch seconds and ${start} looks like milliseconds: divide it by 1000`,
    );
    return;
  }
  const ms = typeof start === "number" ? start * 1000 : Date.parse(start);
  if (Number.isFinite(ms) && ms < ctx.now) {
    report(
      ctx,
      p,
      "/spec/schedule/startTime",
      "start-time-past",
      `startTime ${new Date(ms).toISOString()} is in the past: AEP cannot change startTime once it has passed; for a new pipeline set a future time`,
      "warning",
    );
  }
}

export const checkMappings: Rule = (ctx) => {
  const pathCache = new Map<string, Set<string> | undefined>();
  for (const p of manifestsOf(ctx, "Pipeline")) {
    const spec = p.manifest.spec;
    const seen = new Map<string, number>();
    spec.mapping.forEach((rule, i) => {
      const first = seen.get(rule.destination);
      if (first === undefined) {
        seen.set(rule.destination, i);
        return;
      }
      report(
        ctx,
        p,
        `/spec/mapping/${i}/destination`,
        "duplicate-destination",
        `destination '${rule.destination}' is already mapped by /spec/mapping/${first}: map each destination once`,
      );
    });
    checkDestinations(ctx, p, pathCache);
    checkSources(ctx, p);
  }
};

/** The field paths of a manifest Schema made only of Adobe's global class and field groups. */
function fieldPathsOf(schema: LoadedManifest<"Schema">): Set<string> | undefined {
  const spec = schema.manifest.spec;
  if (!("class" in spec)) return undefined;
  const ids = [spec.class, ...(spec.fieldGroups ?? [])];
  // Tenant classes and field groups are only known online (plan time).
  if (ids.some((id) => findXdmResource(id) === undefined)) return undefined;
  return xdmFieldPaths(ids);
}

function checkDestinations(
  ctx: RuleContext,
  p: LoadedManifest<"Pipeline">,
  cache: Map<string, Set<string> | undefined>,
): void {
  const dataset = findManifest(ctx, "Dataset", p.manifest.spec.target.dataset);
  if (dataset === undefined) return;
  const schema = findManifest(ctx, "Schema", dataset.manifest.spec.schema);
  if (schema === undefined) return;
  if (!cache.has(schema.name)) cache.set(schema.name, fieldPathsOf(schema));
  const paths = cache.get(schema.name);
  if (paths === undefined) return;
  p.manifest.spec.mapping.forEach((rule, i) => {
    if (hasFieldPath(paths, rule.destination)) return;
    report(
      ctx,
      p,
      `/spec/mapping/${i}/destination`,
      "mapping-destination",
      `schema '${schema.name}' (dataset '${dataset.name}') has no field '${rule.destination}'${formatSuggestion(rule.destination, paths)}: fix the path or add a field group that has it`,
    );
  });
}

function checkSources(ctx: RuleContext, p: LoadedManifest<"Pipeline">): void {
  const name = p.manifest.spec.source.schema;
  if (name === undefined) return;
  const schema = findManifest(ctx, "Schema", name);
  if (schema === undefined || !("adhoc" in schema.manifest.spec)) return;
  const fields = Object.keys(schema.manifest.spec.adhoc.fields);
  p.manifest.spec.mapping.forEach((rule, i) => {
    if (!("source" in rule) || fields.includes(rule.source)) return;
    report(
      ctx,
      p,
      `/spec/mapping/${i}/source`,
      "mapping-source",
      `'${rule.source}' is not a field of ad-hoc schema '${name}'${formatSuggestion(rule.source, fields)}: fix the name or add it to that schema's adhoc.fields`,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Schemas: class and field groups

const GLOBAL_XDM_PREFIX = "https://ns.adobe.com/xdm/";
const ADOBE_PREFIX = "https://ns.adobe.com/";

export const checkSchemas: Rule = (ctx) => {
  for (const s of manifestsOf(ctx, "Schema")) {
    const spec = s.manifest.spec;
    if (!("class" in spec)) continue;
    const classOk = checkXdmId(ctx, s, "/spec/class", spec.class, "class");
    const seen = new Map<string, number>();
    (spec.fieldGroups ?? []).forEach((id, i) => {
      const pointer = `/spec/fieldGroups/${i}`;
      const first = seen.get(id);
      if (first !== undefined) {
        report(
          ctx,
          s,
          pointer,
          "duplicate-field-group",
          `field group '${id}' is already listed at /spec/fieldGroups/${first}: remove this one`,
        );
        return;
      }
      seen.set(id, i);
      if (checkXdmId(ctx, s, pointer, id, "fieldgroup") && classOk) checkIntendedClass(ctx, s, pointer, id);
    });
  }
};

/**
 * Real-Time Customer Profile: a Profile-enabled dataset needs a Profile-enabled schema with a
 * primary identity ("If the schema is not Profile-enabled, the dataset will not appear as
 * Profile-enabled", help/catalog/datasets/enable-upsert.md); the identity field must be a field of
 * the schema (checked offline for Adobe's global classes and field groups).
 */
export const checkProfile: Rule = (ctx) => {
  for (const s of manifestsOf(ctx, "Schema")) {
    const spec = s.manifest.spec;
    if (!("class" in spec)) continue;
    if (spec.profile === true && spec.primaryIdentity === undefined)
      report(
        ctx,
        s,
        "/spec/profile",
        "profile",
        "a Profile-enabled schema needs a primary identity: add primaryIdentity: { field, namespace } (e.g. { field: personalEmail.address, namespace: Email })",
      );
    const field = spec.primaryIdentity?.field;
    const paths = field === undefined ? undefined : fieldPathsOf(s);
    if (field !== undefined && paths !== undefined && !hasFieldPath(paths, field))
      report(
        ctx,
        s,
        "/spec/primaryIdentity/field",
        "profile",
        `'${field}' is not a field of this schema's class and field groups: name one of its fields, or add the field group that has it`,
      );
  }
  for (const d of manifestsOf(ctx, "Dataset")) {
    if (d.manifest.spec.profileEnabled !== true) continue;
    const schema = findManifest(ctx, "Schema", d.manifest.spec.schema);
    if (schema === undefined) continue;
    const spec = schema.manifest.spec;
    if ("class" in spec && spec.profile === true && spec.primaryIdentity !== undefined) continue;
    report(
      ctx,
      d,
      "/spec/profileEnabled",
      "profile",
      `Schema '${schema.name}' is not enabled for Profile: AEP shows the dataset as Profile-enabled only on a schema with profile: true and a primaryIdentity (help/catalog/datasets/enable-upsert.md)`,
    );
  }
};

/** Whether the id is a known global resource of the expected kind (false also when it cannot be checked offline). */
function checkXdmId(
  ctx: RuleContext,
  s: LoadedManifest<"Schema">,
  pointer: string,
  id: string,
  kind: XdmKind,
): boolean {
  const noun = kind === "class" ? "class" : "field group";
  const plural = kind === "class" ? "classes" : "field groups";
  const resource = findXdmResource(id);
  if (resource !== undefined) {
    if (resource.kind === kind) return true;
    const actual =
      resource.kind === "fieldgroup"
        ? "field group"
        : resource.kind === "datatype"
          ? "data type"
          : resource.kind;
    report(
      ctx,
      s,
      pointer,
      "xdm-id",
      `'${id}' is a ${actual} (${resource.title}), not a ${noun}: use a ${noun} id here`,
    );
    return false;
  }
  if (id.startsWith(GLOBAL_XDM_PREFIX)) {
    const candidates = xdmResources()
      .filter((r) => r.kind === kind)
      .map((r) => r.id);
    report(
      ctx,
      s,
      pointer,
      "xdm-id",
      `'${id}' is not one of Adobe's global XDM ${plural}${formatSuggestion(id, candidates)}: fix the $id (tenant ${plural} are https://ns.adobe.com/<tenant>/…)`,
    );
    return false;
  }
  if (id.startsWith(ADOBE_PREFIX)) return false;
  const folder = kind === "class" ? "classes" : "mixins";
  report(
    ctx,
    s,
    pointer,
    "xdm-id",
    `'${id}' is not an XDM ${noun} id: use a global one (https://ns.adobe.com/xdm/…) or a tenant one (https://ns.adobe.com/<tenant>/${folder}/<id>)`,
  );
  return false;
}

function checkIntendedClass(
  ctx: RuleContext,
  s: LoadedManifest<"Schema">,
  pointer: string,
  id: string,
): void {
  const spec = s.manifest.spec as Extract<SchemaManifest["spec"], { class: string }>;
  const group = findXdmResource(id);
  const cls = findXdmResource(spec.class);
  const intended = group?.intendedToExtend ?? [];
  if (group === undefined || cls === undefined || intended.length === 0 || intended.includes(spec.class))
    return;
  const titles = intended.map((c) => findXdmResource(c)?.title ?? c).join(", ");
  report(
    ctx,
    s,
    pointer,
    "field-group-class",
    `field group '${group.title}' is meant for ${titles}, not ${cls.title}: AEP may refuse it; pick a field group for this class`,
    "warning",
  );
}

// ---------------------------------------------------------------------------------------------
// aepsync.yaml

const ENVIRONMENT_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const PRODUCTION = /^prod(uction)?$/;

/** Runs on the raw aepsync.yaml, so that its problems show together with its schema violations. */
export const checkConfig: Rule = (ctx) => {
  const raw = ctx.rawConfig;
  if (raw === undefined) return;
  const at: Locatable = { file: raw.file, locate: raw.locate };
  const environments =
    isPlainObject(raw.data) && isPlainObject(raw.data.environments) ? raw.data.environments : {};
  for (const [name, value] of Object.entries(environments)) {
    if (!isPlainObject(value) || typeof value.sandbox !== "string") continue;
    const env = { sandbox: value.sandbox, protected: value.protected };
    const pointer = `/environments/${escapePointer(name)}`;
    if (!ENVIRONMENT_NAME.test(name)) {
      report(
        ctx,
        at,
        pointer,
        "config-environment-name",
        `environment name '${name}' is not valid: use lowercase letters, digits and '-', e.g. '${name.toLowerCase().replace(/[^a-z0-9-]+/g, "-")}'`,
      );
    }
    if (!SANDBOX_NAME.test(env.sandbox)) {
      const lower = env.sandbox.toLowerCase();
      const fix = SANDBOX_NAME.test(lower)
        ? `sandbox names are lowercase: use '${lower}'`
        : "use lowercase letters, digits and '-'";
      report(
        ctx,
        at,
        `${pointer}/sandbox`,
        "config-sandbox-name",
        `sandbox '${env.sandbox}' is not a valid sandbox name: ${fix}`,
      );
    }
    if ((PRODUCTION.test(env.sandbox) || PRODUCTION.test(name)) && env.protected !== true) {
      report(
        ctx,
        at,
        pointer,
        "config-protected",
        `environment '${name}' targets a production sandbox but is not protected: add protected: true so that apply needs --allow-protected`,
        "warning",
      );
    }
  }
  for (const [pointer, value] of walkStrings(raw.data, "")) {
    if (!value.includes("${")) continue;
    report(
      ctx,
      at,
      pointer,
      "config-literal",
      "aepsync.yaml values are literal and cannot hold ${…} references: write the value itself",
    );
  }
};

/** Every semantic rule, in the order they run (the output is sorted anyway). */
export const manifestRules: readonly Rule[] = [
  checkUniqueNames,
  checkRenames,
  checkReferences,
  checkConnections,
  checkReferenceSyntax,
  checkPipelines,
  checkMappings,
  checkSchemas,
  checkProfile,
  checkConfig,
];
