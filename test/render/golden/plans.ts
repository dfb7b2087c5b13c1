/**
 * Plan values for the renderers' golden tests, shaped as the planner makes them (comparable specs
 * with `{ $ref }` references, field diffs, JSON Patch ops), not taken from a live run.
 */
import { createHash } from "node:crypto";
import { ownerOf } from "../../../src/model/index.ts";
import type { Change, FieldDiff, ObjectKind, Plan } from "../../../src/model/index.ts";
import { makePlan } from "../../action/factory.ts";

const ref = (address: string, field?: "version") =>
  field === undefined ? { $ref: address } : { $ref: address, field };

/** 2026-12-01T00:00:00Z */
export const DEC_1 = 1_796_083_200;
/** 2027-03-15T06:30:00Z */
export const MAR_15 = 1_805_092_200;

/** An expression longer than any cut the renderers ever made (they cut values at 100–200 characters). */
export const LONG_EXPRESSION =
  'iif(Properties_Country_Value == "DE", concat(trim(Properties_Street_Value), " ", trim(Properties_House_Number_Value)), ' +
  'concat(trim(Properties_House_Number_Value), " ", trim(Properties_Street_Value), ", ", upper(Properties_Region_Value)))';

function change(
  address: string,
  kind: ObjectKind,
  action: Change["action"],
  parts: Partial<Change> & { diff?: FieldDiff[] },
): Change {
  const base: Change = {
    address,
    kind,
    action,
    owner: ownerOf(address),
    name: address.split("/").slice(1).join("-"),
    generation: 1,
    diff: [],
    dataImpact: "none",
    reasons: action === "create" ? ["not found in the sandbox"] : [],
    dependsOn: [],
    digest: "",
    ...parts,
  };
  base.digest = createHash("sha256")
    .update(JSON.stringify([address, action, base.diff]))
    .digest("hex");
  return base;
}

/** Field diffs of a new object: every leaf of its spec (lists whole), as the planner lists them. */
function leaves(value: unknown, path = ""): FieldDiff[] {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && !("$ref" in value)) {
    return Object.entries(value)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .flatMap(([k, v]) => leaves(v, `${path}/${k}`));
  }
  return [{ path, after: value }];
}

function created(
  address: string,
  kind: ObjectKind,
  after: Record<string, unknown>,
  extra: Partial<Change> = {},
): Change {
  return change(address, kind, "create", { after, diff: leaves(after), ...extra });
}

const mapping = (source: string, destination: string, sourceType = "ATTRIBUTE") => ({
  sourceType,
  source,
  destination,
});

const ordersMappings = [
  mapping("Id", "_id"),
  mapping(LONG_EXPRESSION, "homeAddress.street1", "EXPRESSION"),
  mapping("Properties_Email_Value", "personalEmail.address"),
  mapping("lower(Properties_Status_Value)", "_acme.orderStatus", "EXPRESSION"),
  mapping("Properties_Total_Value", "_acme.orderTotal"),
];

/** A new pipeline (its connection exists): source, target, mapping set and flow created. */
export function newPipelinePlan(): Plan {
  const p = "Pipeline/shop-orders";
  return makePlan(
    [
      change("Connection/shop-prod", "connection", "noop", { id: "0f1e2d3c-0000-4000-8000-000000000001" }),
      created(`${p}/source`, "sourceConnection", {
        name: "shop-orders-source",
        description: "Orders from the shop's CRM",
        baseConnection: ref("Connection/shop-prod"),
        connectionSpec: { id: "cfc0fee1-7dc0-40ef-b73e-d8b134c436f5" },
        format: "tabular",
        params: { path: "Orders" },
      }),
      created(`${p}/target`, "targetConnection", {
        name: "shop-orders-target",
        description: "Orders from the shop's CRM",
        connectionSpec: { id: "c604ff05-7f1a-43c0-8e18-33bf874cb11c" },
        format: "parquet_xdm",
        schema: ref("Schema/orders"),
        dataset: ref("Dataset/orders"),
      }),
      created(`${p}/mapping`, "mappingSet", {
        name: "shop-orders-mapping",
        outputSchema: ref("Schema/orders"),
        mappings: ordersMappings,
      }),
      created(
        `${p}/flow`,
        "flow",
        {
          name: "shop-orders-flow",
          description: "Orders from the shop's CRM",
          flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860" },
          source: ref(`${p}/source`),
          target: ref(`${p}/target`),
          schedule: { startTime: DEC_1, frequency: "minute", interval: 30 },
          enabled: true,
          copy: { deltaColumn: { name: "LastModifiedDate" } },
          mapping: { mappingSet: ref(`${p}/mapping`), version: ref(`${p}/mapping`, "version") },
        },
        { dataImpact: "reingest" },
      ),
    ],
    { environment: "dev" },
  );
}

/** A mapping edit: one row added, one removed, two changed (the long expression among them). */
export function mappingEditPlan(): Plan {
  const p = "Pipeline/shop-orders";
  const before = ordersMappings;
  const after = [
    mapping("Id", "_id"),
    mapping(LONG_EXPRESSION.replace("upper(", "lower("), "homeAddress.street1", "EXPRESSION"),
    mapping("Properties_Phone_Value", "mobilePhone.number"),
    mapping("Properties_Email_Value", "personalEmail.address"),
    mapping("Properties_Status_Value", "_acme.orderStatus"),
  ];
  const removed = before.filter((m) => !after.some((a) => JSON.stringify(a) === JSON.stringify(m)));
  const added = after.filter((m) => !before.some((b) => JSON.stringify(b) === JSON.stringify(m)));
  const spec = (mappings: unknown[]) => ({
    name: "shop-orders-mapping",
    outputSchema: ref("Schema/orders"),
    mappings,
  });
  return makePlan(
    [
      change(`${p}/mapping`, "mappingSet", "update", {
        id: "5f0d4c3b2a19e8d7c6b5a49382716051",
        before: spec(before),
        after: spec(after),
        diff: [
          ...removed.map((m) => ({ path: "/mappings", before: m })),
          ...added.map((m) => ({ path: "/mappings", after: m })),
        ],
        reasons: ["mappings changed"],
        ops: [{ op: "replace", path: "/mappings", value: after }],
      }),
      change(`${p}/flow`, "flow", "update", {
        id: "9a8b7c6d-0000-4000-8000-000000000002",
        etag: '"7d00a0b1-0000-0200-0000-6660f0a80000"',
        reasons: ["its mapping set gets a new version: the flow moves to it"],
        ops: [
          {
            op: "replace",
            path: "/transformations/1",
            value: {
              name: "Mapping",
              params: { mappingId: ref(`${p}/mapping`), mappingVersion: ref(`${p}/mapping`, "version") },
            },
          },
        ],
      }),
    ],
    { environment: "dev" },
  );
}

/** Schedule edits: an interval from 30 to 45 minutes; a start time moved and a daily flow made weekly. */
export function scheduleEditPlan(): Plan {
  const flow = (schedule: Record<string, unknown>, enabled = true) => ({
    name: "x-flow",
    description: "",
    flowSpec: { id: "14518937-270c-4525-bdec-c2ba7cce3860" },
    schedule,
    enabled,
  });
  const fast = { startTime: DEC_1, frequency: "minute", interval: 30 };
  const daily = { startTime: DEC_1, frequency: "day", interval: 1, backfill: false };
  const weekly = { startTime: MAR_15, frequency: "week", interval: 2, backfill: false };
  return makePlan(
    [
      change("Pipeline/shop-orders/flow", "flow", "update", {
        id: "9a8b7c6d-0000-4000-8000-000000000002",
        before: flow(fast),
        after: flow({ ...fast, interval: 45 }),
        diff: [{ path: "/schedule/interval", before: 30, after: 45 }],
        reasons: ["schedule changed"],
        ops: [{ op: "replace", path: "/scheduleParams", value: { ...fast, interval: 45 } }],
      }),
      change("Pipeline/shop-returns/flow", "flow", "update", {
        id: "9a8b7c6d-0000-4000-8000-000000000003",
        before: flow(daily),
        after: flow(weekly),
        diff: [
          { path: "/schedule/frequency", before: "day", after: "week" },
          { path: "/schedule/interval", before: 1, after: 2 },
          { path: "/schedule/startTime", before: DEC_1, after: MAR_15 },
        ],
        reasons: ["schedule changed"],
        dataImpact: "may-skip",
        ops: [{ op: "replace", path: "/scheduleParams", value: weekly }],
      }),
    ],
    { environment: "prod", sandbox: "prod" },
  );
}
