import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import type { ApplyOutcome } from "../../src/engine/index.ts";
import {
  COMMENT_MAX_LENGTH,
  escapeMarkdown,
  renderApplyResultMarkdown,
  renderMarkdown,
} from "../../src/render/index.ts";
import { makeChange, makeLargePlan, makePlan } from "../action/factory.ts";

interface MdNode {
  type: string;
  value?: string;
  depth?: number;
  children?: MdNode[];
}

// Prettier's own Markdown parser (remark) is already a dev dependency: parse the comment like GitHub would.
async function blocks(markdown: string): Promise<MdNode[]> {
  const debug = (
    prettier as unknown as { __debug: { parse(t: string, o: object): Promise<{ ast: MdNode }> } }
  ).__debug;
  const { ast } = await debug.parse(markdown, { parser: "markdown" });
  return ast.children ?? [];
}

/** Every node, depth first (code blocks are leaves: what they hold is shown as is). */
function all(nodes: readonly MdNode[]): MdNode[] {
  return nodes.flatMap((n) => [n, ...all(n.children ?? [])]);
}

/** What a caller's hidden marker looks like; the renderer only keeps it first. */
const MARKER = "<!-- test-marker sandbox=dev -->";

function samplePlan() {
  return makePlan(
    [
      makeChange("Connection/hubspot-prod", { action: "noop" }),
      makeChange("Pipeline/hubspot-contacts/source", {
        action: "create",
        diff: [{ path: "/name", after: "src" }],
      }),
      makeChange("Pipeline/hubspot-contacts/flow", {
        action: "update",
        diff: [{ path: "/scheduleParams/interval", before: 15, after: 30 }],
        reasons: ["schedule changed"],
      }),
      makeChange("Pipeline/eloqua-contacts/flow", { action: "replace", dataImpact: "reingest" }),
      makeChange("Dataset/marketing-profiles", { action: "delete", dataImpact: "stops" }),
    ],
    {
      environment: "dev",
      notices: [
        {
          severity: "warning",
          address: "Dataset/legacy-profiles",
          code: "unmanaged",
          message: "a dataset named Legacy profiles exists, not managed by aepsync: use --adopt",
        },
      ],
    },
  );
}

describe("renderMarkdown", () => {
  it("puts the marker first, then the title, the counts table, the warnings, the details and the footer", async () => {
    const plan = samplePlan();
    const md = renderMarkdown(plan, { commit: "abc123", marker: MARKER });
    const nodes = await blocks(md);
    const types = nodes.map((n) => n.type);
    expect(nodes[0]).toMatchObject({ type: "html", value: MARKER });
    expect(types[1]).toBe("heading");
    expect(types[2]).toBe("table");
    const firstDetails = nodes.findIndex(
      (n) => n.type === "html" && n.value?.startsWith("<details>") === true,
    );
    const quotes = nodes.map((n, i) => (n.type === "blockquote" ? i : -1)).filter((i) => i >= 0);
    expect(quotes.length).toBe(2); // data impact, then the unmanaged notice
    expect(Math.max(...quotes)).toBeLessThan(firstDetails);
    expect(md.indexOf("Data impact")).toBeLessThan(md.indexOf("exists, not managed"));
    expect(md).toContain("re-ingests data");
    expect(md).toContain("stops ingestion");
    expect(JSON.stringify(nodes.at(-1))).toContain("<sub>");
    expect(md.trimEnd().endsWith("</sub>")).toBe(true);
    expect(md).toContain("<code>abc123</code>");
    expect(md).toContain(`<code>${plan.plan_digest}</code>`);
  });

  it("renders one collapsible section per owner with its counts and a diff block", async () => {
    const md = renderMarkdown(samplePlan());
    const nodes = await blocks(md);
    const opens = nodes.filter(
      (n) => n.type === "html" && n.value?.startsWith("<details><summary><code>") === true,
    );
    expect(opens.map((n) => /<code>([^<]+)<\/code>/.exec(n.value ?? "")?.[1])).toEqual([
      "Dataset/marketing-profiles",
      "Pipeline/eloqua-contacts",
      "Pipeline/hubspot-contacts",
    ]);
    expect(opens[2]?.value).toContain("+1 ~1 -0 ±0");
    expect(opens[0]?.value).toContain("+0 ~0 -1 ±0 ⚠️");
    const diffs = nodes.filter((n) => n.type === "html" && n.value?.startsWith("<pre>") === true);
    expect(diffs).toHaveLength(3);
    expect(diffs[2]?.value).toContain("- /scheduleParams/interval: 15\n+ /scheduleParams/interval: 30");
    expect(diffs[2]?.value).toContain("# Pipeline/hubspot-contacts/flow: update (schedule changed)");
    // Above the AEP fields: what a reviewer reads, one table row per manifest field.
    expect(md).toContain(
      "| scheduleParams | <code>{&quot;interval&quot;:15}</code> | <code>{&quot;interval&quot;:30}</code> |",
    );
    expect(md.indexOf("| scheduleParams |")).toBeLessThan(md.indexOf("- /scheduleParams/interval"));
    expect(md).not.toContain("Connection/hubspot-prod"); // unchanged: counted, not shown
    expect(md).toMatch(/\| 1 \| 1 \| 1 \| 1 \| 0 \| 1 \|/);
  });

  it("escapes values so that a manifest cannot break the comment", async () => {
    const hostile = "```\n</details><img src=x onerror=alert(1)> **bold** @org/team | cell";
    const plan = makePlan(
      [
        makeChange("Pipeline/evil/flow", {
          diff: [{ path: "/description", before: "ok", after: hostile }],
          reasons: [hostile],
        }),
        makeChange("Pipeline/after/flow"),
      ],
      {
        notices: [{ severity: "error", address: "Pipeline/evil", code: "forbidden", message: hostile }],
      },
    );
    const md = renderMarkdown(plan);
    const nodes = await blocks(md);
    const html = nodes.filter((n) => n.type === "html").map((n) => n.value ?? "");
    // Exactly the details we opened and closed (a section and its AEP fields, twice): the value's
    // </details> stayed inside its code block.
    expect(html.filter((h) => h.startsWith("<details>"))).toHaveLength(4);
    expect(html.filter((h) => h === "</details>")).toHaveLength(4);
    const inline = all(nodes);
    expect(inline.filter((n) => n.type === "html").map((n) => n.value)).not.toContainEqual(
      expect.stringMatching(/<img/),
    );
    // The value is text (entities decoded) with no mention: a zero-width space follows the @.
    const texts = inline.filter((n) => n.type === "text").map((n) => n.value ?? "");
    expect(texts.join("")).toContain("<img src=x onerror=alert(1)>");
    expect(texts.join("")).not.toMatch(/@[a-z]/);
    expect(texts.join("")).toContain("@\u200borg/team");
    // The AEP fields show the value as it is, escaped in a <pre> block that it cannot end.
    const pre = nodes.find((n) => n.type === "html" && n.value?.startsWith("<pre># Pipeline/evil") === true);
    expect(pre?.value).toContain("&lt;/details&gt;&lt;img");
    expect(pre?.value?.match(/<\/pre>/g)).toHaveLength(1);
  });

  it("escapeMarkdown neutralises Markdown and HTML", () => {
    expect(escapeMarkdown("<b>*x*</b> [a](b) | `c` @d\ne")).toBe(
      "&lt;b&gt;\\*x\\*&lt;/b&gt; \\[a\\]\\(b\\) \\| \\`c\\` @&#8203;d e",
    );
  });

  it("says 'No changes' briefly when nothing changes, keeping notices", () => {
    const plan = makePlan(
      [makeChange("Connection/a", { action: "noop" }), makeChange("Dataset/b", { action: "noop" })],
      {
        notices: [{ severity: "warning", address: "Dataset/c", code: "unmanaged", message: "exists" }],
      },
    );
    const md = renderMarkdown(plan, {
      commit: "def456",
      note: "Superseded: an earlier commit had changes",
      marker: MARKER,
    });
    expect(md).toContain("**No changes.** 2 objects up to date.");
    expect(md).toContain("Superseded: an earlier commit had changes");
    expect(md).toContain("exists, not managed");
    expect(md).not.toContain("<details>");
    expect(md).not.toContain("| create |");
    expect(md.startsWith(`${MARKER}\n\n### aepsync plan`)).toBe(true);
    expect(renderMarkdown(plan).startsWith("### aepsync plan")).toBe(true);
  });

  it("cuts whole sections from the end to stay within 65,536 characters", async () => {
    const plan = makeLargePlan(3_000);
    const md = renderMarkdown(plan, {
      commit: "f00d",
      summaryPointer: "See the job summary and the artifact.",
      marker: MARKER,
    });
    const uncut = renderMarkdown(plan, { commit: "f00d", maxLength: 10_000_000 });
    expect(uncut.length).toBeGreaterThan(COMMENT_MAX_LENGTH * 10);
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(COMMENT_MAX_LENGTH - 2_000); // cut, not emptied
    expect(md.startsWith(`${MARKER}\n\n`)).toBe(true);
    expect(md).toContain("| 12000 | 0 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("See the job summary and the artifact.");
    expect(md).toMatch(/_\d+ of 3000 sections are not shown\._/);
    expect(md.trimEnd().endsWith("</sub>")).toBe(true);
    expect(md).toContain(plan.plan_digest);
    const nodes = await blocks(md);
    const opens = nodes.filter((n) => n.type === "html" && n.value?.startsWith("<details>") === true).length;
    const sections = nodes.filter(
      (n) => n.type === "html" && n.value?.startsWith("<details><summary><code>") === true,
    ).length;
    const closes = nodes.filter((n) => n.type === "html" && n.value === "</details>").length;
    expect(opens).toBe(closes);
    expect(opens).toBe(sections * 2);
    expect(sections).toBeGreaterThan(40);
    // the kept sections are the first ones, in order
    expect(md).toContain("generated-pipeline-00000");
    expect(md).not.toContain("generated-pipeline-02999");
  });

  it("caps data-impact warnings and notices too, so that sections still show", () => {
    const large = makeLargePlan(3_000);
    const plan = {
      ...large,
      changes: large.changes.map((c) =>
        c.address.endsWith("/flow") ? { ...c, dataImpact: "reingest" as const } : c,
      ),
      notices: Array.from({ length: 2_000 }, (_, i) => ({
        severity: "warning" as const,
        address: `Dataset/look-alike-${i}`,
        code: "unmanaged" as const,
        message: "a dataset with this name exists, not managed by aepsync",
      })),
    };
    const md = renderMarkdown(plan, { commit: "beef" });
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(md).toMatch(/… and \d+ more changes that move data/);
    expect(md).toMatch(/\d+ more notices are in the JSON plan/);
    expect(md.match(/<details>/g)?.length).toBeGreaterThan(20);
    expect(md).not.toContain("_Cut: too long");
    expect(md.indexOf("Data impact")).toBeLessThan(md.indexOf("exists, not managed"));
    expect(md.indexOf("exists, not managed")).toBeLessThan(md.indexOf("<details>"));
  });

  it("stays within a small limit too, and keeps the marker and footer", () => {
    const plan = makeLargePlan(50);
    for (const maxLength of [3_000, 8_000, 20_000]) {
      const md = renderMarkdown(plan, { commit: "c0ffee", maxLength, marker: MARKER });
      expect(md.length).toBeLessThanOrEqual(maxLength);
      expect(md.startsWith(MARKER)).toBe(true);
      expect(md).toContain(plan.plan_digest);
      expect(md.trimEnd().endsWith("</sub>")).toBe(true);
    }
  });
});

describe("renderApplyResultMarkdown", () => {
  function outcome(ok: boolean): ApplyOutcome {
    const plan = samplePlan();
    return {
      plan,
      ok,
      results: [
        { address: "Pipeline/hubspot-contacts/source", action: "create", status: "done", id: "src-1" },
        ok
          ? { address: "Pipeline/hubspot-contacts/flow", action: "update", status: "done" }
          : {
              address: "Pipeline/hubspot-contacts/flow",
              action: "update",
              status: "failed",
              message: "[PATCH] /flows/1: 400 <bad> @here",
            },
      ],
      summary: { done: ok ? 2 : 1, failed: ok ? 0 : 1, skipped: 0, conflict: 0, unchanged: 1 },
      requests: { total: 3, byRoute: {} },
    };
  }

  it("reports success, the caller's marker first", () => {
    const md = renderApplyResultMarkdown(outcome(true), { commit: "m1", marker: MARKER });
    expect(md.startsWith(`${MARKER}\n\n### aepsync apply`)).toBe(true);
    expect(md).toContain("✅ applied");
    expect(md).toContain("| 2 | 0 | 0 | 0 | 1 |");
    expect(md).toContain("+ Pipeline/hubspot-contacts/source (src-1)");
  });

  it("reports failures with escaped messages", () => {
    const md = renderApplyResultMarkdown(outcome(false), { commit: "m2" });
    expect(md).toContain("❌ apply failed");
    expect(md).toContain("&lt;bad&gt; @&#8203;here");
    expect(md).not.toContain("<bad>");
  });
});
