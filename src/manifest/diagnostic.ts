import type { Diagnostic } from "../model/diagnostic.ts";
import { escapeUnsafeCharacters } from "./invisible.ts";

export type { Diagnostic };

export interface Position {
  line: number;
  column: number;
}

/** Every check `validate` runs, by id: what it catches. */
export const ruleIds = {
  "path-not-found": "a PATH argument that does not exist",
  "read-error": "a file that cannot be read",
  "no-manifests": "a directory (or a whole run) without any manifest",
  "file-too-large": "a file over the size cap (5 MiB)",
  encoding: "bytes that are not UTF-8, or control characters (a binary file)",
  "nesting-depth": "YAML nested deeper than any manifest needs (a parser bomb)",
  "empty-file": "a file without any document",
  "empty-document": "an empty document between '---' separators",
  "yaml-syntax": "YAML that does not parse (unclosed quotes, bad indentation, …)",
  "tab-indent": "tabs used for indentation",
  "duplicate-key": "a key given twice in one mapping",
  "forbidden-key": "__proto__, constructor or prototype keys",
  "alias-limit": "aliases that expand too much (an alias bomb) or point nowhere",
  "not-a-mapping": "a document that is not a mapping",
  "too-many-problems": "a file with so many problems that the rest are not listed",
  "api-version": "an apiVersion other than aepsync/v1",
  "unknown-kind": "a kind other than Connection, Schema, Dataset, Pipeline",
  schema: "a violation of specs/manifest.schema.json or specs/config.schema.json",
  "unique-name": "two manifests of one kind with the same metadata.name",
  profile:
    "Profile without a primary identity, an identity field the schema lacks, a Profile-enabled dataset on a schema that is not",
  "renamed-from":
    "metadata.renamedFrom naming a name still declared, the manifest's own, or one claimed twice",
  reference: "a reference to a Connection, Dataset or Schema that is not declared",
  "source-schema": "source.schema naming a Schema that is not ad hoc",
  "unknown-connector": "a connector alias the catalog does not have",
  "connector-deprecated": "a connector or auth spec that Adobe deprecated",
  "auth-spec": "an auth.specName the connector does not have",
  "auth-params": "missing required or unknown auth params",
  "literal-credential": "an auth param that is not a ${secret:…} or ${env:…} reference",
  "secret-param": "a credential param of the connector given as ${env:…} instead of ${secret:…}",
  "reference-syntax": "a malformed ${…} reference",
  "unknown-variable": "a ${var:NAME} that aepsync.yaml's environments do not define",
  "secret-outside-auth": "a ${secret:…} reference outside a Connection's auth.params",
  schedule: "schedule guardrails of the flow spec (minute >= 15, once without interval, …)",
  "start-time": "a startTime that cannot be right (epoch milliseconds)",
  "start-time-past": "a startTime in the past (AEP cannot change it once passed)",
  "delta-column": "deltaColumn missing where the flow spec needs it, or given where it is ignored",
  "source-params": "source params the connector needs (path, listId, …)",
  "xdm-id": "a class or field group id that is not a known XDM resource of the right kind",
  "duplicate-field-group": "a field group listed twice",
  "field-group-class": "a field group not intended for the schema's class",
  "duplicate-destination": "two mappings to one destination",
  "mapping-destination": "a mapping destination that the target schema does not have",
  "mapping-source": "a mapping source that the ad-hoc source schema does not have",
  "config-file": "aepsync.yaml holding more or less than one document",
  "config-environment-name": "an environment name that is not a lowercase identifier",
  "config-sandbox-name": "a sandbox name that is not lowercase letters, digits and '-'",
  "config-protected": "a production sandbox not marked protected",
  "config-literal": "a ${…} reference inside aepsync.yaml, whose values are literal",
  "env-credential":
    "a ${env:NAME} that may carry a credential: AEP_*/AEPSYNC_*, a ${secret:} name, or a credential-like name not in publicEnv",
  "public-env": "a publicEnv entry of aepsync.yaml that names aepsync's own settings or a secret",
  "invisible-character":
    "bidirectional controls, zero-width or other invisible characters (look-alike names)",
  "short-secret": "a ${secret:NAME} whose value is empty or too short to be masked reliably",
  "path-outside":
    "a manifest, aepsync.yaml or a symlink that resolves outside the working directory and repository",
} as const;

export type RuleId = keyof typeof ruleIds;

/**
 * `pipelines/x.yaml:14:7 /spec/schedule/interval: must be >= 15 [schedule]`; warnings say so.
 * Invisible and bidirectional characters of file names, pointers and quoted values are shown as
 * `<U+200B>`, so that a line reads as what it is.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.column}${d.pointer === "" ? "" : ` ${d.pointer}`}`;
  const severity = d.severity === "warning" ? "warning: " : "";
  return escapeUnsafeCharacters(`${where}: ${severity}${d.message} [${d.rule}]`);
}

/** Stable order: file, line, column, rule, then message. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.rule, b.rule) ||
    compareText(a.message, b.message)
  );
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Sorted copy without exact duplicates. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  return sorted.filter((d, i) => {
    const previous = sorted[i - 1];
    return previous === undefined || compareDiagnostics(previous, d) !== 0 || previous.pointer !== d.pointer;
  });
}
