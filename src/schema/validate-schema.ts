/**
 * JSON Schema validation of manifests and aepsync.yaml with ajv (strict), and the translation of
 * ajv's errors into located, actionable problems (JSON Pointer + a message that says what to change).
 */
import type { ErrorObject } from "ajv";
import { config, manifest, unionBranches, type StandaloneValidate } from "./generated/validators.js";
import { formatSuggestion } from "./suggest.ts";
import { escapePointer } from "../model/pointer.ts";

export { escapePointer };

/** One schema violation: where (JSON Pointer into the document) and what to change. */
export interface SchemaProblem {
  pointer: string;
  message: string;
}

const MANIFEST_KEY = "manifest.schema.json";
const CONFIG_KEY = "config.schema.json";

// The validators are ajv's standalone code, compiled from specs/ by `npm run gen:validators`
// (scripts/gen-validators.ts, with the options this module's messages rely on: allErrors, verbose,
// discriminator, strict), so no run pays for compiling them and ajv is never loaded.

/** Schema problems of one manifest document (empty when it conforms). */
export function checkManifestSchema(data: unknown): SchemaProblem[] {
  return check(manifest, data, MANIFEST_KEY);
}

/** Schema problems of aepsync.yaml (empty when it conforms). */
export function checkConfigSchema(data: unknown): SchemaProblem[] {
  return check(config, data, CONFIG_KEY);
}

function check(validate: StandaloneValidate, data: unknown, schemaKey: string): SchemaProblem[] {
  if (validate(data)) return [];
  return explainErrors(validate.errors ?? [], "", schemaKey);
}

/** Whether `pointer` is `prefix` or below it. */
function isWithin(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

function explainErrors(errors: readonly ErrorObject[], prefix: string, schemaKey: string): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  // A failed oneOf reports every branch's errors; keep only the branch the data was meant for.
  const unions = errors
    .filter((e) => e.keyword === "oneOf")
    .sort((a, b) => a.instancePath.length - b.instancePath.length);
  const handled: string[] = [];
  for (const union of unions) {
    if (handled.some((p) => isWithin(union.instancePath, p))) continue;
    handled.push(union.instancePath);
    problems.push(...explainUnion(union, prefix, schemaKey));
  }
  for (const error of errors) {
    if (error.keyword === "oneOf" || error.keyword === "propertyNames") continue;
    if (handled.some((p) => isWithin(error.instancePath, p))) continue;
    const problem = explainError(error, prefix);
    if (problem !== undefined) problems.push(problem);
  }
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.pointer}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The definitions a oneOf lists (`{$ref: "#/definitions/X"}` branches) with their required keys. */
function branchesOf(error: ErrorObject, schemaKey: string): { ref: string; required: string[] }[] {
  const list = Array.isArray(error.schema) ? (error.schema as unknown[]) : [];
  return list.map((branch) => {
    const ref = (branch as { $ref?: string }).$ref ?? "";
    return { ref, required: unionBranches[`${schemaKey}${ref}`]?.required ?? [] };
  });
}

function explainUnion(error: ErrorObject, prefix: string, schemaKey: string): SchemaProblem[] {
  const pointer = prefix + error.instancePath;
  const data: unknown = error.data;
  if (!isPlainObject(data)) return [{ pointer, message: `must be a mapping, not ${describeValue(data)}` }];
  const branches = branchesOf(error, schemaKey);
  // Each branch is told apart by the required keys that the other branches do not require.
  const distinct = branches.map((b) =>
    b.required.filter((key) => !branches.every((other) => other.required.includes(key))),
  );
  const matching = branches.filter((_, i) => (distinct[i] ?? []).some((key) => key in data));
  const names = distinct.map((keys) => keys.map((k) => `'${k}'`).join(" and "));
  if (matching.length === 0) return [{ pointer, message: `needs ${names.join(" or ")}: add one of them` }];
  if (matching.length > 1) {
    // Point at the key of the second alternative: the one most likely added by mistake.
    const second = distinct[branches.indexOf(matching[1]!)]?.find((key) => key in data) ?? "";
    return [
      {
        pointer: `${pointer}/${escapePointer(second)}`,
        message: `has both ${names.join(" and ")}: keep only one of them`,
      },
    ];
  }
  const branch = matching[0]!;
  const validate = unionBranches[`${schemaKey}${branch.ref}`]?.validate;
  if (validate === undefined || validate(data)) return [{ pointer, message: "does not match the schema" }];
  return explainErrors(validate.errors ?? [], pointer, schemaKey);
}

function explainError(error: ErrorObject, prefix: string): SchemaProblem | undefined {
  const at = prefix + error.instancePath;
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  // Values under auth params may be credentials: never quote them.
  const quotable = !at.includes("/auth/");
  switch (error.keyword) {
    case "required":
      return {
        pointer: at,
        message: `missing required property '${String(params.missingProperty)}': add it`,
      };
    case "additionalProperties": {
      const extra = String(params.additionalProperty);
      const allowed = Object.keys(parent.properties ?? {});
      const list = allowed.length > 0 ? `; allowed: ${allowed.join(", ")}` : "";
      return {
        pointer: `${at}/${escapePointer(extra)}`,
        message: `unknown property '${extra}'${formatSuggestion(extra, allowed)}: remove it or fix its name${list}`,
      };
    }
    case "type": {
      const expected = String(params.type).split(",").map(describeType).join(" or ");
      return { pointer: at, message: `must be ${expected}, not ${describeValue(error.data)}` };
    }
    case "enum": {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const value = typeof error.data === "string" && quotable ? `'${error.data}' is not valid: ` : "";
      const hint = typeof error.data === "string" ? formatSuggestion(error.data, allowed) : "";
      return { pointer: at, message: `${value}use one of ${allowed.join(", ")}${hint}` };
    }
    case "const":
      return { pointer: at, message: `must be '${String(params.allowedValue)}'` };
    case "pattern": {
      if (error.propertyName !== undefined) {
        const hint = typeof parent.patternErrorMessage === "string" ? parent.patternErrorMessage : "";
        return {
          pointer: `${at}/${escapePointer(error.propertyName)}`,
          message: `'${error.propertyName}' is not a valid key: ${hint || `must match ${String(params.pattern)}`}`,
        };
      }
      const hint =
        typeof parent.patternErrorMessage === "string"
          ? parent.patternErrorMessage
          : `match ${String(params.pattern)}`;
      const value = typeof error.data === "string" && quotable ? `'${error.data}' is not valid: ` : "";
      return { pointer: at, message: `${value}${hint}` };
    }
    case "format":
      return { pointer: at, message: describeFormat(String(params.format)) };
    case "minLength":
      return { pointer: at, message: "must not be empty" };
    case "minItems":
      return { pointer: at, message: `needs at least ${String(params.limit)} item(s): add one` };
    case "minProperties":
      return { pointer: at, message: `needs at least ${String(params.limit)} entry: add one` };
    case "minimum":
      return { pointer: at, message: `must be ${String(params.comparison)} ${String(params.limit)}` };
    case "discriminator":
      return { pointer: `${at}/kind`, message: "use kind Connection, Schema, Dataset or Pipeline" };
    default:
      return { pointer: at, message: error.message ?? `fails ${error.keyword}` };
  }
}

function describeFormat(format: string): string {
  switch (format) {
    case "date-time":
      return "must be a date-time with a time zone, like 2027-01-01T00:00:00Z (or epoch seconds)";
    case "uri":
      return "must be an absolute URI, like https://ns.adobe.com/xdm/context/profile";
    case "uuid":
      return "must be a UUID, like cc6a4487-9e91-433e-a3a3-9cf6626c1806";
    default:
      return `must be a valid ${format}`;
  }
}

function describeType(type: string): string {
  switch (type) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "integer":
      return "an integer";
    default:
      return `a ${type}`;
  }
}

/** What a value is, without quoting it (it may be a credential). */
export function describeValue(value: unknown): string {
  if (value == null) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value === "object" ? "a mapping" : typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value != null && !Array.isArray(value);
}
