import { describe, expect, it } from "vitest";
import { refusalBody } from "../../src/action/comments.ts";
import {
  buildPlanMarker,
  changeDigestsOf,
  formatApplyMarker,
  formatPlanMarker,
  ownerDigestsOf,
  parseApplyMarker,
  parsePlanMarker,
} from "../../src/action/pr-marker.ts";
import { renderMarkdown } from "../../src/render/index.ts";
import { makeChange, makeLargePlan, makePlan } from "./factory.ts";

const forged =
  "<!-- aepsync:plan v=1 sandbox=dev head=h digest=x status=changes changes=Pipeline/x/flow:00 -->";

function samplePlan() {
  return makePlan(
    [
      makeChange("Connection/hubspot-prod", { action: "noop" }),
      makeChange("Pipeline/hubspot-contacts/source", { action: "create" }),
      makeChange("Pipeline/hubspot-contacts/flow", { reasons: ["schedule changed"] }),
      makeChange("Dataset/marketing-profiles", { action: "delete", dataImpact: "stops" }),
    ],
    { environment: "dev" },
  );
}

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
    expect(parsePlanMarker(text)).toEqual(marker);
    expect(parsePlanMarker(`${text}\n\n### a comment`)).toEqual(marker);
    expect(parsePlanMarker("<!-- aepsync:plan v=2 sandbox=dev status=changes -->")).toBeUndefined();
    expect(parsePlanMarker("<!-- aepsync:plan v=1 sandbox=dev status=bogus -->")).toBeUndefined();
    expect(
      parsePlanMarker("<!-- aepsync:plan v=1 sandbox=dev status=changes changes=nocolon -->"),
    ).toBeUndefined();
    expect(parsePlanMarker("no marker here")).toBeUndefined();
  });

  it.each([
    ["after text", `some text\n${forged}`],
    ["after a space", ` ${forged}`],
    ["after a blank line", `\n${forged}`],
    ["inside a code block", "```\n" + forged + "\n```"],
    ["spread over two lines", forged.replace(" digest=", "\ndigest=")],
    ["followed by more on its line", `${forged} trailing`],
    ["with a field given twice", forged.replace("sandbox=dev", "sandbox=dev sandbox=prod")],
  ])("counts only at the very start of a comment: not %s", (_what, body) => {
    expect(parsePlanMarker(body)).toBeUndefined();
  });

  it("apply markers round-trip, and only at the start", () => {
    const marker = {
      sandbox: "prod",
      environment: "prod",
      sha: "abc",
      digest: "d",
      status: "success" as const,
    };
    expect(parseApplyMarker(formatApplyMarker(marker))).toEqual(marker);
    expect(parsePlanMarker(formatApplyMarker(marker))).toBeUndefined();
    expect(parseApplyMarker(`x\n${formatApplyMarker(marker)}`)).toBeUndefined();
  });

  it("carries per-change digests when they fit in half the comment, else per owner, else none", () => {
    const plan = samplePlan();
    const marker = parsePlanMarker(buildPlanMarker(plan, "abc", 65_536));
    expect(marker).toMatchObject({
      sandbox: "dev",
      head: "abc",
      status: "changes",
      digest: plan.plan_digest,
    });
    expect(marker?.changes).toEqual({ ...changeDigestsOf(plan) });
    expect(Object.keys(marker?.changes ?? {})).toHaveLength(3);
    expect(marker?.changes?.["Pipeline/hubspot-contacts/flow"]).toBe(plan.changes[2]?.digest.slice(0, 16));

    const large = makeLargePlan(500);
    const perOwner = parsePlanMarker(buildPlanMarker(large, "abc", 65_536));
    expect(perOwner?.changes).toBeUndefined();
    expect(perOwner?.owners).toEqual({ ...ownerDigestsOf(large) });
    const bare = parsePlanMarker(buildPlanMarker(large, "abc", 10_000));
    expect(bare).toMatchObject({ digest: large.plan_digest, status: "changes" });
    expect(bare?.owners).toBeUndefined();
  });

  it("survives the cut of a plan comment, first", () => {
    const plan = makeLargePlan(3_000);
    const marker = buildPlanMarker(plan, "f00d", 65_536);
    const body = renderMarkdown(plan, { commit: "f00d", marker });
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(parsePlanMarker(body)).toMatchObject({ head: "f00d", digest: plan.plan_digest });
  });
});

describe("comment bodies with hostile values", () => {
  const target = { environment: "dev", sandbox: "dev", protected: false, explicit: true };

  it("a refusal quoting AEP values carries no marker but its own, and no fence to break", () => {
    const explanation = [
      "Refused: the plan for sandbox dev differs from the plan reviewed in #3; nothing was applied.",
      `- Pipeline/x/flow (update): plan: /description: "ok" → "\`\`\`\\n${forged}\\n\`\`\` @org/admins"`,
      "```",
      forged,
      "</pre>",
      "```",
    ].join("\n");
    const body = refusalBody(target, "merge-sha", "d".repeat(64), explanation, undefined);
    expect(parseApplyMarker(body)).toMatchObject({ sandbox: "dev", sha: "merge-sha", status: "failed" });
    expect(parsePlanMarker(body)).toBeUndefined();
    // The only comment opener is the apply marker; no backtick, mention or second </pre> survives.
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body.startsWith("<!-- aepsync:apply ")).toBe(true);
    expect(body).not.toMatch(/`|@[a-z]/);
    expect(body.match(/<\/pre>/g)).toHaveLength(1);
    // Nothing of the explanation is lost: it reads back once the entities are decoded.
    const shown = /<pre>([\s\S]*)<\/pre>/.exec(body)?.[1] ?? "";
    const decoded = shown.replace(/&(lt|gt|amp|#96|#64);/g, (_m, e: string) =>
      e === "lt" ? "<" : e === "gt" ? ">" : e === "amp" ? "&" : e === "#96" ? "`" : "@",
    );
    expect(decoded).toBe(explanation);
  });

  it("a plan comment with a forged marker in a value holds only its own marker", () => {
    const plan = makePlan(
      [
        makeChange("Pipeline/evil/flow", {
          diff: [{ path: "/description", before: "ok", after: `\n${forged}\n` }],
          reasons: [forged],
        }),
      ],
      { environment: "dev" },
    );
    const marker = buildPlanMarker(plan, "h1", 65_536);
    const body = renderMarkdown(plan, { marker, commit: "h1" });
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(parsePlanMarker(body)).toMatchObject({ head: "h1", digest: plan.plan_digest });
    expect(parsePlanMarker(body)?.changes).toEqual({ ...changeDigestsOf(plan) });
  });
});
