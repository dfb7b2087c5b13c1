export { addressOf, adhocSchemaParts, aepNameOf, parseAddress, pipelineParts } from "./address.ts";
export type { AddressPart, AdhocSchemaPart, ParsedAddress, PipelinePart } from "./address.ts";
export { compareDiagnostics, formatDiagnostic, ruleIds, sortDiagnostics } from "./diagnostic.ts";
export type { Diagnostic, Position, RuleId } from "./diagnostic.ts";
export { credentialPartOf, isReservedEnvName, looksLikeCredentialName } from "./credentials.ts";
export { describeUnsafeCharacter, escapeUnsafeCharacters, findUnsafeCharacter } from "./invisible.ts";
export type { TextUse, UnsafeCharacter } from "./invisible.ts";
export { CONFIG_FILE_NAMES, displayPath, loadConfigOnly, loadManifests } from "./load.ts";
export type { LoadOptions, LoadResult } from "./load.ts";
export { DEFAULT_NAMESPACE, kinds } from "./model.ts";
export type {
  Kind,
  LoadedConfig,
  LoadedManifest,
  LoadedManifestOf,
  ManifestByKind,
  ResolvedConfig,
} from "./model.ts";
export { MAX_FILE_BYTES, parseYamlFile } from "./parse.ts";
export type { ParsedDocument, ParsedFile } from "./parse.ts";
export { parseSingleReference, referenceSchemes, resolveReferences, scanReferences } from "./references.ts";
export type { Reference, ReferenceProblem, ReferenceScheme } from "./references.ts";
export {
  allowedRoots,
  checkCommandLinePath,
  checkEmulatorStateDir,
  findConfigFile,
  isInsideRoots,
  resolveRealPath,
} from "./paths.ts";
export type { AllowedRoots } from "./paths.ts";
export { connectorOf } from "./rules.ts";
export { checkResolvedSecrets, MIN_SAFE_SECRET_LENGTH } from "./security-rules.ts";
export { API_VERSION, validateManifests, validationSteps } from "./validate.ts";
export type { ManifestInput, ValidateInput, ValidationResult } from "./validate.ts";
