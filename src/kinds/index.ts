/**
 * The kind drivers, one per AEP object kind, registered in dependency order. Adding a kind is one
 * driver file plus its line here (and its builder's call in src/planner/desired.ts).
 */
import type { ObjectKind } from "../model/objects.ts";
import { classDriver } from "./class.ts";
import { connectionDriver } from "./connection.ts";
import { datasetDriver } from "./dataset.ts";
import type { KindDriver } from "./driver.ts";
import { flowDriver } from "./flow.ts";
import { identityDriver } from "./identity.ts";
import { mappingSetDriver } from "./mapping-set.ts";
import { schemaDriver } from "./schema.ts";
import { sourceConnectionDriver } from "./source-connection.ts";
import { targetConnectionDriver } from "./target-connection.ts";

const drivers: Record<ObjectKind, KindDriver> = {
  connection: connectionDriver,
  class: classDriver,
  schema: schemaDriver,
  identity: identityDriver,
  dataset: datasetDriver,
  sourceConnection: sourceConnectionDriver,
  targetConnection: targetConnectionDriver,
  mappingSet: mappingSetDriver,
  flow: flowDriver,
};

export function driverOf(kind: ObjectKind): KindDriver {
  return drivers[kind];
}

export { classDesired, adhocField, findAdhocFields } from "./class.ts";
export { connectionDesired, isSecretParams, SECRET_PARAMS, UNSET_SECRET } from "./connection.ts";
export type { ConnectionSpec } from "./connection.ts";
export type { DesiredContext, Declared, FlowSpecChoice, ManifestView, PipelineContext } from "./context.ts";
export { datasetDesired } from "./dataset.ts";
export type { DatasetSpec } from "./dataset.ts";
export { createRefResolver } from "./driver.ts";
export type {
  BodyInput,
  Json,
  KindDriver,
  KindRules,
  KnownIds,
  ListScope,
  PatchInput,
  RefResolver,
  StoreSpec,
} from "./driver.ts";
export { epochSeconds, flowDesired } from "./flow.ts";
export type { FlowSpec, Schedule } from "./flow.ts";
export { identityDesired } from "./identity.ts";
export type { IdentitySpec } from "./identity.ts";
export { mappingSetDesired, retiredMappingSetBody } from "./mapping-set.ts";
export type { MappingEntry, MappingSetSpec } from "./mapping-set.ts";
export { schemaDesired, schemaTarget } from "./schema.ts";
export type { SchemaSpec } from "./schema.ts";
export { sourceConnectionDesired } from "./source-connection.ts";
export type { SourceConnectionSpec } from "./source-connection.ts";
export { targetConnectionDesired } from "./target-connection.ts";
export type { TargetConnectionSpec } from "./target-connection.ts";
