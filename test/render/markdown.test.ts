import * as prettier from "prettier";
import { describe, expect, it } from "vitest";
import type { ApplyOutcome } from "../../src/engine/index.ts";
import {
  COMMENT_MAX_LENGTH,
  changeDigestsOf,
  escapeMarkdown,
  formatApplyMarker,
  formatPlanMarker,
  parseApplyMarker,
  parsePlanMarker,
  renderApplyResultMarkdown,
  renderMarkdown,
} from "../../src/render/markdown.ts";
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
    const md = renderMarkdown(plan, { commit: "abc123" });
    const nodes = await blocks(md);
    const types = nodes.map((n) => n.type);
    expect(nodes[0]).toMatchObject({ type: "html" });
    expect(nodes[0]?.value).toMatch(/^<!-- aepsync:plan /);
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
    const opens = nodes.filter((n) => n.type === "html" && n.value?.startsWith("<details>") === true);
    expect(opens.map((n) => /<code>([^<]+)<\/code>/.exec(n.value ?? "")?.[1])).toEqual([
      "Dataset/marketing-profiles",
      "Pipeline/eloqua-contacts",
      "Pipeline/hubspot-contacts",
    ]);
    expect(opens[2]?.value).toContain("+1 ~1 -0 ±0");
    expect(opens[0]?.value).toContain("+0 ~0 -1 ±0 ⚠️");
    const diffs = nodes.filter((n) => n.type === "code");
    expect(diffs).toHaveLength(3);
    expect(diffs[2]?.value).toContain("- /scheduleParams/interval: 15\n+ /scheduleParams/interval: 30");
    expect(diffs[2]?.value).toContain("# Pipeline/hubspot-contacts/flow: update (schedule changed)");
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
    // Exactly the details we opened and closed: the value's </details> stayed inside its code block.
    expect(html.filter((h) => h.startsWith("<details>"))).toHaveLength(2);
    expect(html.filter((h) => h === "</details>")).toHaveLength(2);
    const inline = all(nodes);
    expect(inline.filter((n) => n.type === "html").map((n) => n.value)).not.toContainEqual(
      expect.stringMatching(/img/),
    );
    // The value is text (entities decoded) with no mention: a zero-width space follows the @.
    const texts = inline.filter((n) => n.type === "text").map((n) => n.value ?? "");
    expect(texts.join("")).toContain("<img src=x onerror=alert(1)>");
    expect(texts.join("")).not.toMatch(/@[a-z]/);
    expect(texts.join("")).toContain("@\u200borg/team");
    const code = nodes.find((n) => n.type === "code" && n.value?.includes("Pipeline/evil") === true);
    expect(code?.value).toContain("</details><img");
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
    const md = renderMarkdown(plan, { commit: "def456", note: "Superseded: an earlier commit had changes" });
    expect(md).toContain("**No changes.** 2 objects up to date.");
    expect(md).toContain("Superseded: an earlier commit had changes");
    expect(md).toContain("exists, not managed");
    expect(md).not.toContain("<details>");
    expect(md).not.toContain("| create |");
    expect(parsePlanMarker(md)).toMatchObject({ status: "empty", head: "def456", changes: {} });
  });

  it("cuts whole sections from the end to stay within 65,536 characters", async () => {
    const plan = makeLargePlan(3_000);
    const md = renderMarkdown(plan, {
      commit: "f00d",
      summaryPointer: "See the job summary and the artifact.",
    });
    const uncut = renderMarkdown(plan, { commit: "f00d", maxLength: 10_000_000 });
    expect(uncut.length).toBeGreaterThan(COMMENT_MAX_LENGTH * 10);
    expect(md.length).toBeLessThanOrEqual(COMMENT_MAX_LENGTH);
    expect(md.length).toBeGreaterThan(COMMENT_MAX_LENGTH - 2_000); // cut, not emptied
    const marker = parsePlanMarker(md);
    expect(marker).toMatchObject({
      sandbox: "dev",
      head: "f00d",
      digest: plan.plan_digest,
      status: "changes",
    });
    expect(md.startsWith("<!-- aepsync:plan ")).toBe(true);
    expect(md).toContain("| 12000 | 0 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("See the job summary and the artifact.");
    expect(md).toMatch(/_\d+ of 3000 sections are not shown\._/);
    expect(md.trimEnd().endsWith("</sub>")).toBe(true);
    expect(md).toContain(plan.plan_digest);
    const nodes = await blocks(md);
    const opens = nodes.filter((n) => n.type === "html" && n.value?.startsWith("<details>") === true).length;
    const closes = nodes.filter((n) => n.type === "html" && n.value === "</details>").length;
    expect(opens).toBe(closes);
    expect(opens).toBeGreaterThan(50);
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
      const md = renderMarkdown(plan, { commit: "c0ffee", maxLength });
      expect(md.length).toBeLessThanOrEqual(maxLength);
      expect(parsePlanMarker(md)?.digest).toBe(plan.plan_digest);
      expect(md.trimEnd().endsWith("</sub>")).toBe(true);
    }
  });

  it("keeps per-change digests in the marker when they fit", () => {
    const plan = samplePlan();
    const marker = parsePlanMarker(renderMarkdown(plan, { commit: "abc" }));
    expect(marker?.changes).toEqual({ ...changeDigestsOf(plan) });
    expect(Object.keys(marker?.changes ?? {})).toHaveLength(4);
    expect(marker?.changes?.["Pipeline/hubspot-contacts/flow"]).toBe(plan.changes[2]?.digest.slice(0, 16));
  });
});

describe("plan markers", () => {
  it("round-trip any address and refuse malformed ones", () => {
    const marker = {
      sandbox: "dev sandbox",
      environment: "dev",
      namespace: "team-a",
      head: "0123abcd",
      digest: "ff".repeat(32),
      status: "changes" as const,
      changes: { "Pipeline/a b:c,d/flow": "0011223344556677", "Connection/x-->y": "8899aabbccddeeff" },
    };
    const text = formatPlanMarker(marker);
    expect(text.indexOf("-->")).toBe(text.length - 3);
    expect(parsePlanMarker(`some text\n${text}\nmore`)).toEqual(marker);
    expect(parsePlanMarker("<!-- aepsync:plan v=2 sandbox=dev status=changes -->")).toBeUndefined();
    expect(parsePlanMarker("<!-- aepsync:plan v=1 sandbox=dev status=bogus -->")).toBeUndefined();
    expect(
      parsePlanMarker("<!-- aepsync:plan v=1 sandbox=dev status=changes changes=nocolon -->"),
    ).toBeUndefined();
    expect(parsePlanMarker("no marker here")).toBeUndefined();
  });

  it("apply markers round-trip", () => {
    const marker = {
      sandbox: "prod",
      environment: "prod",
      sha: "abc",
      digest: "d",
      status: "success" as const,
    };
    expect(parseApplyMarker(formatApplyMarker(marker))).toEqual(marker);
    expect(parsePlanMarker(formatApplyMarker(marker))).toBeUndefined();
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

  it("reports success with a marker the next apply can find", () => {
    const md = renderApplyResultMarkdown(outcome(true), { commit: "m1" });
    expect(parseApplyMarker(md)).toMatchObject({ sandbox: "dev", sha: "m1", status: "success" });
    expect(md).toContain("✅ applied");
    expect(md).toContain("| 2 | 0 | 0 | 0 | 1 |");
    expect(md).toContain("+ Pipeline/hubspot-contacts/source (src-1)");
  });

  it("reports failures with escaped messages", () => {
    const md = renderApplyResultMarkdown(outcome(false), { commit: "m2" });
    expect(parseApplyMarker(md)?.status).toBe("failed");
    expect(md).toContain("❌ apply failed");
    expect(md).toContain("&lt;bad&gt; @&#8203;here");
    expect(md).not.toContain("<bad>");
  });
});
