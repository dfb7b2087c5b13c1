/** Apply: runs a Plan through the store port (src/apply/store.ts), nothing else. */
export { applyPlan } from "./apply.ts";
export type { ApplyInput, ApplyResult } from "./apply.ts";
export { isAmbiguous, isConflict } from "./store.ts";
export type { ApplyStore, CreatedObject, FlowServiceStateKind } from "./store.ts";
