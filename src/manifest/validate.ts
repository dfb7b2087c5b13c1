/**
 * validateManifests: file contents in, every diagnostic out (parse, schema, semantic rules), pure.
 * load.ts reads the files and calls it.
 */
import { checkConfigSchema, checkManifestSchema, findClosest, isPlainObject } from "../schema/index.ts";
import type { Manifest } from "../schema/index.ts";
import { sortDiagnostics, type Diagnostic, type Position, type RuleId } from "./diagnostic.ts";
import {
  DEFAULT_NAMESPACE,
  kinds,
  type Kind,
  type LoadedConfig,
  type LoadedManifest,
  type ResolvedConfig,
} from "./model.ts";
import { MAX_PROBLEMS_PER_FILE, parseYamlFile, type ParsedDocument } from "./parse.ts";
import { manifestRules, type Declaration, type ManifestDocument, type RuleContext } from "./rules.ts";
import { checkResolvedSecrets, securityRules } from "./security-rules.ts";

export const API_VERSION = "aepsync/v1";
const KIND_LIST = "Connection, Schema, Dataset or Pipeline";

export interface ManifestInput {
  /** Display path (relative to the working directory, `/` separators). */
  file: string;
  content: Uint8Array | string;
}

export interface ValidateInput {
  files: readonly ManifestInput[];
  /** aepsync.yaml, when there is one. */
  config?: ManifestInput | undefined;
  /** "Now", for startTime checks (a Date or epoch milliseconds). */
  now: Date | number;
  /**
   * Values of `${secret:NAME}` when they are known (the environment of `validate`), to warn about
   * secrets too short to mask. Values are only measured, never kept or printed.
   */
  secretValue?: ((name: string) => string | undefined) | undefined;
}

export interface ValidationResult {
  /** Schema-valid manifests in file order (valid as a set when `errors === 0`). */
  manifests: LoadedManifest[];
  config: LoadedConfig;
  /** Sorted by file, line, column, rule. */
  diagnostics: Diagnostic[];
  errors: number;
  warnings: number;
  /** Files read (manifests and aepsync.yaml). */
  files: string[];
}

const startOfFile: Position = { line: 1, column: 1 };

/** Parses, schema-checks and rule-checks manifests and aepsync.yaml; never throws on bad input. */
export function validateManifests(input: ValidateInput): ValidationResult {
  const steps = validationSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/**
 * validateManifests one file at a time: it pauses (yields) after each file and before the rules
 * over the whole set, so that a caller with other work in flight (an HTTP response to handle) can
 * interleave it. Run to the end, it returns what validateManifests returns.
 */
export function* validationSteps(input: ValidateInput): Generator<void, ValidationResult, undefined> {
  const diagnostics: Diagnostic[] = [];
  const manifests: LoadedManifest[] = [];
  const declarations: Declaration[] = [];
  const documents: ManifestDocument[] = [];

  for (const { file, content } of input.files) {
    const parsed = parseYamlFile(file, content);
    diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) {
      const checked = checkDocument(doc, diagnostics);
      if (checked === undefined) continue;
      documents.push({ file, locate: doc.locate, kind: checked.kind, data: doc.data });
      const name = (doc.data as { metadata?: { name?: unknown } }).metadata?.name;
      if (typeof name === "string") {
        declarations.push({ kind: checked.kind, name, file, docIndex: doc.docIndex, locate: doc.locate });
      }
      if (checked.manifest !== undefined) {
        manifests.push({
          kind: checked.kind,
          name: checked.manifest.metadata.name,
          file,
          docIndex: doc.docIndex,
          manifest: checked.manifest,
          locate: doc.locate,
        } as LoadedManifest);
      }
    }
    yield;
  }

  const loaded = loadConfig(input.config, diagnostics);
  const ctx: RuleContext = {
    rawConfig: loaded.raw,
    manifests,
    declarations,
    documents,
    config: loaded.config,
    configFound: input.config !== undefined,
    configValid: loaded.valid,
    now: typeof input.now === "number" ? input.now : input.now.getTime(),
    diagnostics,
  };
  for (const rule of [...manifestRules, ...securityRules]) {
    rule(ctx);
    yield;
  }
  if (input.secretValue !== undefined)
    diagnostics.push(...checkResolvedSecrets(manifests, input.secretValue));

  const sorted = capPerFile(sortDiagnostics(diagnostics));
  const files = input.files.map((f) => f.file);
  if (input.config !== undefined) files.push(input.config.file);
  return {
    manifests,
    config: loaded.config,
    diagnostics: sorted,
    errors: sorted.filter((d) => d.severity === "error").length,
    warnings: sorted.filter((d) => d.severity === "warning").length,
    files,
  };
}

/** apiVersion, kind, then the JSON Schema; the manifest when all pass. */
function checkDocument(
  doc: ParsedDocument,
  diagnostics: Diagnostic[],
): { kind: Kind; manifest: Manifest | undefined } | undefined {
  const data = doc.data as Record<string, unknown>;
  const report = (pointer: string, rule: RuleId, message: string) =>
    diagnostics.push({ file: doc.file, ...doc.locate(pointer), pointer, message, severity: "error", rule });

  const apiVersion = data.apiVersion;
  let ok = true;
  if (apiVersion === undefined) {
    report("", "api-version", `missing apiVersion: add apiVersion: ${API_VERSION}`);
    ok = false;
  } else if (apiVersion !== API_VERSION) {
    const shown = typeof apiVersion === "string" ? `'${apiVersion}'` : "this value";
    report("/apiVersion", "api-version", `unknown apiVersion ${shown}: use ${API_VERSION}`);
    ok = false;
  }
  const kind = data.kind;
  if (kind === undefined) {
    report("", "unknown-kind", `missing kind: add kind: ${KIND_LIST}`);
    return undefined;
  }
  if (typeof kind !== "string" || !(kinds as readonly string[]).includes(kind)) {
    const shown = typeof kind === "string" ? `'${kind}'` : "this value";
    const closest = typeof kind === "string" ? findClosest(kind, kinds) : undefined;
    const hint = closest === undefined ? "" : ` (did you mean '${closest}'?)`;
    report("/kind", "unknown-kind", `unknown kind ${shown}${hint}: use ${KIND_LIST}`);
    return undefined;
  }
  if (!ok) return { kind: kind as Kind, manifest: undefined };
  const problems = checkManifestSchema(data);
  for (const problem of problems) report(problem.pointer, "schema", problem.message);
  return { kind: kind as Kind, manifest: problems.length === 0 ? (data as unknown as Manifest) : undefined };
}

function defaultConfig(file: string | undefined): LoadedConfig {
  return { file, config: { namespace: DEFAULT_NAMESPACE, environments: {} }, locate: () => startOfFile };
}

function loadConfig(
  input: ManifestInput | undefined,
  diagnostics: Diagnostic[],
): { config: LoadedConfig; valid: boolean; raw?: ParsedDocument } {
  if (input === undefined) return { config: defaultConfig(undefined), valid: true };
  const parsed = parseYamlFile(input.file, input.content);
  diagnostics.push(...parsed.diagnostics);
  if (parsed.diagnostics.some((d) => d.severity === "error"))
    return { config: defaultConfig(input.file), valid: false };
  const [doc, extra] = parsed.documents;
  if (doc === undefined) return { config: defaultConfig(input.file), valid: true };
  if (extra !== undefined) {
    diagnostics.push({
      file: input.file,
      ...extra.locate(""),
      pointer: "",
      message: "aepsync.yaml holds one document: remove this one (manifests go under pipelines/)",
      severity: "error",
      rule: "config-file",
    });
  }
  const problems = checkConfigSchema(doc.data);
  for (const problem of problems) {
    diagnostics.push({
      file: input.file,
      ...doc.locate(problem.pointer),
      pointer: problem.pointer,
      message: problem.message,
      severity: "error",
      rule: "schema",
    });
  }
  if (problems.length > 0 || !isPlainObject(doc.data)) {
    return { config: defaultConfig(input.file), valid: false, raw: doc };
  }
  const data = doc.data as unknown as ResolvedConfig;
  return {
    config: {
      file: input.file,
      config: { ...data, namespace: data.namespace ?? DEFAULT_NAMESPACE },
      locate: doc.locate,
    },
    valid: extra === undefined,
    raw: doc,
  };
}

/** At most MAX_PROBLEMS_PER_FILE diagnostics per file, then one that says how many more there are. */
function capPerFile(sorted: Diagnostic[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  let file: string | undefined;
  let count = 0;
  let hidden = 0;
  const flush = () => {
    const last = out[out.length - 1];
    if (hidden === 0 || last === undefined) return;
    out.push({
      ...last,
      pointer: "",
      message: `${hidden} more problems in this file are not listed: fix these first`,
      severity: "error",
      rule: "too-many-problems",
    });
  };
  for (const d of sorted) {
    if (d.file !== file) {
      flush();
      file = d.file;
      count = 0;
      hidden = 0;
    }
    if (d.rule === "too-many-problems") hidden += Number.parseInt(d.message, 10) || 0;
    else if (count < MAX_PROBLEMS_PER_FILE) {
      out.push(d);
      count++;
    } else hidden++;
  }
  flush();
  return out;
}
