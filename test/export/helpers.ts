/** Live-state fixtures for the export tests: test/fixtures/export/<case>/live.json. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { emptyLookups, exportManifests, mappingKey } from "../../src/export/index.ts";
import type { ExportInput, ExportLookups, ExportNeeds, ExportResult } from "../../src/export/index.ts";
import { driverOf } from "../../src/kinds/index.ts";
import type { LiveObject, LiveState, ObjectKind } from "../../src/model/objects.ts";

type Json = Record<string, unknown>;

export interface Fixture {
  sandbox: string;
  namespace: string;
  objects: Partial<Record<ObjectKind, Json[]>>;
  /** What AEP answers to the lookups export makes (absent: AEP has none). */
  aep: {
    mappingSets?: Record<string, Json>;
    connectionSpecs?: Record<string, Json>;
    flowSpecs?: Record<string, string>;
    resources?: Record<string, Json>;
  };
}

export const fixtures = join(import.meta.dirname, "..", "fixtures", "export");

export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(fixtures, name, "live.json"), "utf8")) as Fixture;
}

export function liveOf(fixture: Fixture): LiveState {
  const objects: LiveObject[] = [];
  for (const [kind, list] of Object.entries(fixture.objects))
    for (const raw of list) objects.push(driverOf(kind as ObjectKind).fromRaw(raw));
  return { sandbox: fixture.sandbox, objects };
}

/** What src/engine/export.ts does with the needs, answered from the fixture instead of AEP. */
function answer(fixture: Fixture, needs: ExportNeeds, known: ExportLookups): ExportLookups {
  const aep = fixture.aep;
  const mappingSets = new Map(known.mappingSets);
  for (const { id, version } of needs.mappingSets)
    mappingSets.set(mappingKey(id, version), aep.mappingSets?.[mappingKey(id, version)] ?? null);
  const connectionSpecs = new Map(known.connectionSpecs);
  for (const id of needs.connectionSpecs) connectionSpecs.set(id, aep.connectionSpecs?.[id] ?? null);
  const flowSpecs = new Map(known.flowSpecs);
  for (const id of needs.flowSpecs) flowSpecs.set(id, aep.flowSpecs?.[id] ?? null);
  const resources = new Map(known.resources);
  for (const { id } of needs.resources) resources.set(id, aep.resources?.[id] ?? null);
  return { mappingSets, connectionSpecs, flowSpecs, resources };
}

export function runExport(
  fixture: Fixture,
  options: { live?: LiveState; flowIds?: string[] } = {},
): { result: ExportResult; rounds: ExportNeeds[] } {
  const input: ExportInput = {
    live: options.live ?? liveOf(fixture),
    namespace: fixture.namespace,
    schemaPath: "../../node_modules/aepsync/specs/manifest.schema.json",
    lookups: emptyLookups(),
    ...(options.flowIds !== undefined ? { flowIds: options.flowIds } : {}),
  };
  const rounds: ExportNeeds[] = [];
  for (let i = 0; i < 4; i++) {
    const outcome = exportManifests(input);
    if (outcome.kind === "done") return { result: outcome.result, rounds };
    rounds.push(outcome.needs);
    input.lookups = answer(fixture, outcome.needs, input.lookups);
  }
  throw new Error("export kept asking for lookups");
}
