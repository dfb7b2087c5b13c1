/** A located problem in a manifest or in aepsync.yaml: returned as a value, never thrown (docs/architecture.md, "Errors"). */
export interface Diagnostic {
  /** Path relative to the working directory, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** JSON Pointer into the document ("" for the document or the file itself). */
  pointer: string;
  /** What is wrong and what to change. */
  message: string;
  severity: "error" | "warning";
  /** Stable id of the check (one of `ruleIds`). */
  rule: string;
}
