import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Plan } from "../../src/model/index.ts";
import { code, renderMarkdown, renderText } from "../../src/render/index.ts";
import { mappingRows } from "../../src/render/values.ts";
import { LONG_EXPRESSION, mappingEditPlan, newPipelinePlan, scheduleEditPlan } from "./golden/plans.ts";

// Outputs live with the other fixtures (test/fixtures/ is kept as written: not reformatted).
const golden = join(import.meta.dirname, "..", "fixtures", "render");

const cases: [string, () => Plan][] = [
  ["new-pipeline", newPipelinePlan],
  ["mapping-edit", mappingEditPlan],
  ["schedule-edit", scheduleEditPlan],
];

/** The mapping rows a plan's field diffs hold: all of a new mapping set's, those that changed in an edit. */
function rowsOf(plan: Plan) {
  return plan.changes.flatMap((c) =>
    c.diff
      .filter((d) => d.path === "/mappings")
      .flatMap((d) => [d.before, d.after])
      .flatMap(
        (value) => mappingRows(Array.isArray(value) ? value : value === undefined ? [] : [value]) ?? [],
      ),
  );
}

describe.each(cases)("the %s plan", (name, make) => {
  it("renders as text", async () => {
    const text = renderText(make(), { color: false });
    await expect(text).toMatchFileSnapshot(join(golden, `${name}.txt`));
  });

  it("renders as Markdown", async () => {
    const markdown = renderMarkdown(make(), { commit: "0123456789abcdef0123456789abcdef01234567" });
    await expect(markdown).toMatchFileSnapshot(join(golden, `${name}.md`));
  });
});

it.each(cases.slice(0, 2))("the %s plan cuts no mapping row, in text or in Markdown", (_name, make) => {
  const plan = make();
  const text = renderText(plan, { color: false });
  const markdown = renderMarkdown(plan);
  const rows = rowsOf(plan);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(text).toContain(`${row.from} → ${row.to}`);
    // In a Markdown table: source and destination whole, in one row.
    expect(markdown.split("\n").some((l) => l.includes(code(row.from)) && l.includes(code(row.to)))).toBe(
      true,
    );
  }
  expect(text).not.toContain("…");
});

describe("plans people can review", () => {
  it("show a new pipeline as its manifest reads, not as API fields", () => {
    const text = renderText(newPipelinePlan(), { color: false });
    expect(text).toContain("  + Pipeline/shop-orders: create\n");
    expect(text).toContain("      source.connection: shop-prod\n      source.path: Orders\n");
    expect(text).toContain("      target.dataset: orders\n");
    expect(text).toContain("      mapping: 5 rows\n        Id → _id\n");
    expect(text).toContain("        lower(Properties_Status_Value) → _acme.orderStatus (expression)\n");
    expect(text).toContain("      deltaColumn: LastModifiedDate\n");
    expect(text).toContain(
      "      schedule: every 30 minutes from 2026-12-01 00:00 UTC (startTime 2026-12-01T00:00:00Z)\n",
    );
    expect(text).toContain("      enabled: true\n");
    expect(text).not.toMatch(/flowSpec|\/params\/path|connectionSpec|1796083200/);
    // The API fields and the patch are in the Markdown's nested details (and in --format json).
    const md = renderMarkdown(newPipelinePlan());
    const api = md.indexOf("<details><summary>AEP fields and JSON Patch</summary>");
    expect(api).toBeGreaterThan(md.indexOf("| schedule |"));
    expect(md.indexOf('/flowSpec/id: "14518937')).toBeGreaterThan(api);
  });

  it("show a mapping edit as rows added, removed and changed", () => {
    const text = renderText(mappingEditPlan(), { color: false });
    expect(text).toContain("mapping: 1 added, 1 removed, 2 changed\n");
    expect(text).toContain("  + Properties_Phone_Value → mobilePhone.number\n");
    expect(text).toContain("  - Properties_Total_Value → _acme.orderTotal\n");
    expect(text).toContain(
      "  ~ Properties_Status_Value → _acme.orderStatus\n                was lower(Properties_Status_Value) → _acme.orderStatus (expression)\n",
    );
    expect(text).toContain(`was ${LONG_EXPRESSION} → homeAddress.street1 (expression)\n`);
    const md = renderMarkdown(mappingEditPlan());
    expect(md).toMatch(/^\| added \| <code>Properties&#95;Phone&#95;Value<\/code> \| /m);
    expect(md).toMatch(/^\| removed \| /m);
    expect(md.match(/^\| changed \| .*<br>was /gm)).toHaveLength(2);
    expect(md).toContain("#   replace /mappings:\n#     [0] ");
  });

  it("show a schedule in words and UTC, the start time as the manifest writes it when it moves", () => {
    const text = renderText(scheduleEditPlan(), { color: false });
    expect(text).toContain(
      "~ schedule: every 30 minutes from 2026-12-01 00:00 UTC → every 45 minutes from 2026-12-01 00:00 UTC\n",
    );
    expect(text).toContain(
      "~ schedule: every day from 2026-12-01 00:00 UTC, no backfill (startTime 2026-12-01T00:00:00Z)" +
        " → every 2 weeks from 2027-03-15 06:30 UTC, no backfill (startTime 2027-03-15T06:30:00Z)\n",
    );
    expect(text).toContain("data impact: may skip data");
  });
});
