/**
 * Shared data of aepsync: the Plan and its changes, apply results, objects and references,
 * ownership markers, canonical JSON, addresses and JSON Pointers. It imports nothing above it.
 */
export * from "./address.ts";
export * from "./canonical.ts";
export type * from "./diagnostic.ts";
export * from "./marker.ts";
export * from "./objects.ts";
export * from "./plan.ts";
export * from "./pointer.ts";
export * from "./ref.ts";
export * from "./result.ts";
