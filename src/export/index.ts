/**
 * `aepsync export`, the pure part: the sandbox's live objects → manifest documents and YAML text
 * (names, references, comments). No I/O: src/engine/export.ts reads the sandbox and writes the files.
 */
export { exportManifests } from "./build.ts";
export { emptyLookups, mappingKey } from "./model.ts";
export type {
  ExportFile,
  ExportInput,
  ExportLookups,
  ExportNeeds,
  ExportOutcome,
  ExportResult,
  ExportVariable,
  ExportedPipeline,
} from "./model.ts";
export { slugOf, variablePrefix } from "./names.ts";
