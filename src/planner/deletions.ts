/**
 * Deletes of live objects that are no longer wanted (superseded generations; undeclared ones with
 * --prune), in reverse dependency order: each waits for the deletes of what references it, and
 * for the replace of a flow that still reads it. Kinds the API cannot delete are marked retired.
 */
import { driverOf } from "../kinds/index.ts";
import { ownerOf } from "../model/address.ts";
import { withMarker } from "../model/marker.ts";
import type { DesiredObject, LiveObject } from "../model/objects.ts";
import type { Change } from "../model/plan.ts";
import { sealChange } from "./digest.ts";
import type { Sha256 } from "./digest.ts";

function referencesOf(object: LiveObject): string[] {
  return driverOf(object.kind).references?.(object.raw) ?? [];
}

export function buildDeletions(
  objects: readonly LiveObject[],
  desired: readonly DesiredObject[],
  planned: readonly Change[],
  live: readonly LiveObject[],
  sha256: Sha256,
  dataLoss: { allowDataLoss: boolean; block: (address: string, object: LiveObject) => string },
): Change[] {
  const declared = new Set(desired.map((d) => d.address));
  const deleting = new Set(objects.map((o) => `${o.kind}:${o.id}`));
  const addressOfDeletion = (o: LiveObject): string => `${o.marker?.address ?? o.kind}#${o.id}`;
  return objects.map((object) => {
    const address = object.marker?.address ?? `${object.kind}/${object.id}`;
    const reasons = [
      declared.has(address)
        ? `superseded generation ${object.marker?.generation ?? 0} left by an earlier replace or an interrupted apply`
        : "no longer declared (--prune)",
    ];
    const dependsOn = new Set<string>();
    // Referenced by id, or by Schema Registry `$id` (datasets name their schema, schemas their class).
    const names = [`${object.kind}:${object.id}`];
    if (object.schemaId !== undefined) names.push(`${object.kind}:${object.schemaId}`);
    for (const other of live) {
      if (other === object || !referencesOf(other).some((r) => names.includes(r))) continue;
      if (deleting.has(`${other.kind}:${other.id}`)) dependsOn.add(addressOfDeletion(other));
      // A superseded connection may still feed the pipeline's current flow until the flow is replaced.
      const flowChange = planned.find((c) => c.id === other.id && c.action === "replace");
      if (flowChange !== undefined) dependsOn.add(flowChange.address);
    }
    const driver = driverOf(object.kind);
    const retire = driver.noDelete !== undefined;
    const change: Change = {
      address: addressOfDeletion(object),
      kind: object.kind,
      action: retire ? "update" : "delete",
      owner: ownerOf(address),
      name: object.name,
      id: object.id,
      generation: object.marker?.generation ?? 0,
      diff: retire ? [{ path: "/name", before: object.name, after: `${object.name} (retired)` }] : [],
      dataImpact: driver.deleteImpact?.(object) ?? "none",
      reasons: retire ? [...reasons, driver.noDelete] : reasons,
      dependsOn: [...dependsOn].sort(),
      digest: "",
    };
    if (object.etag !== undefined) change.etag = object.etag;
    // A delete that takes ingested data with it (a dataset) is only planned when data loss is allowed.
    if (change.dataImpact === "destroys" && !dataLoss.allowDataLoss)
      change.blocked = dataLoss.block(change.address, object);
    if (retire && object.marker !== undefined) {
      change.ops = [
        { op: "replace", path: "/name", value: withMarker(object.name, { ...object.marker, retired: true }) },
      ];
    }
    return sealChange(change, sha256);
  });
}
