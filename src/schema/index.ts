export type * from "./generated/manifest.ts";
export type * from "./generated/config.ts";
export {
  checkConfigSchema,
  checkManifestSchema,
  describeValue,
  escapePointer,
  isPlainObject,
} from "./validate-schema.ts";
export type { SchemaProblem } from "./validate-schema.ts";
export { findClosest, formatSuggestion, measureEditDistance } from "./suggest.ts";
