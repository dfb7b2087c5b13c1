/** The pure planner: manifests → desired objects, (desired, live) → Plan. */
export { buildDesired } from "./desired.ts";
export type { BuildContext, DesiredResult, FlowSpecChoice, ManifestInput } from "./desired.ts";
export { inputsDigest } from "./digest.ts";
export type { Sha256, Sha256Pieces } from "./digest.ts";
export { planChanges } from "./plan.ts";
export type { PlanInput } from "./plan.ts";
