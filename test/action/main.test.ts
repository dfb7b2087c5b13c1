import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { modeOf } from "../../src/action/main.ts";
import { ConfigError } from "../../src/errors.ts";
import type { Plan } from "../../src/model/index.ts";
import { ManifestError } from "../../src/engine/index.ts";
import { parseApplyMarker, parsePlanMarker } from "../../src/action/pr-marker.ts";
import { makeChange, makePlan } from "./factory.ts";
import { BOT } from "./fake-github.ts";
import type { Harness } from "./harness.ts";
import { CLIENT_SECRET, createHarness, HUBSPOT_TOKEN, TOKEN } from "./harness.ts";

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.cleanup();
});

function planWith(description: string, extra: Plan["changes"] = []): Plan {
  return makePlan(
    [
      makeChange("Connection/hubspot-prod", { action: "noop" }),
      makeChange("Pipeline/hubspot-contacts/flow", {
        diff: [{ path: "/description", before: "old", after: description }],
      }),
      ...extra,
    ],
    { environment: "dev" },
  );
}

function planComments(pull: number) {
  return h.github.commentsOf(pull).filter((c) => parsePlanMarker(c.body) !== undefined);
}

describe("pull request: plan and sticky comment", () => {
  it("creates one comment per sandbox, then updates it in place on the next push", async () => {
    h.plan = () => planWith("first");
    await h.pullRequestEvent(7, "head-1");
    const first = await h.run();
    expect(first.failed).toBeUndefined();
    expect(planComments(7)).toHaveLength(1);
    const comment = planComments(7)[0]!;
    expect(parsePlanMarker(comment.body)).toMatchObject({
      sandbox: "dev",
      head: "head-1",
      status: "changes",
    });
    expect(comment.body).toContain("&quot;first&quot;".replace(/&quot;/g, '"'));
    expect(h.planCalls[0]).toMatchObject({ environment: "dev", paths: ["pipelines"], cwd: h.dir });

    h.plan = () => planWith("second");
    await h.pullRequestEvent(7, "head-2");
    await h.run();
    expect(planComments(7)).toHaveLength(1);
    expect(planComments(7)[0]!.id).toBe(comment.id);
    expect(parsePlanMarker(planComments(7)[0]!.body)?.head).toBe("head-2");
    expect(planComments(7)[0]!.body).toContain('"second"');
  });

  it("sets the outputs and writes the JSON plan file and the job summary", async () => {
    const plan = planWith("x");
    h.plan = () => plan;
    await h.pullRequestEvent(3, "h");
    const rec = await h.run();
    expect(rec.outputs["has-changes"]).toBe("true");
    expect(rec.outputs["plan-digest"]).toBe(plan.plan_digest);
    expect(rec.outputs["plan-file"]).toBe("aepsync-plan.json");
    const written = JSON.parse(await readFile(join(h.dir, "aepsync-plan.json"), "utf8")) as Plan;
    expect(written.plan_digest).toBe(plan.plan_digest);
    expect(JSON.parse(rec.outputs["summary"]!)).toEqual([
      expect.objectContaining({
        environment: "dev",
        sandbox: "dev",
        status: "planned",
        plan_digest: plan.plan_digest,
      }),
    ]);
    expect(rec.summary).toContain("| create | update |");
  });

  it("plans every environment of aepsync.yaml, one comment and one plan file each", async () => {
    h.config.environments = { dev: { sandbox: "dev" }, prod: { sandbox: "prod", protected: true } };
    h.plan = (s) =>
      makePlan([makeChange(`Pipeline/p-${s.environment}/flow`)], {
        sandbox: s.environment!,
        environment: s.environment!,
      });
    await h.pullRequestEvent(4, "h");
    const rec = await h.run();
    expect(
      planComments(4)
        .map((c) => parsePlanMarker(c.body)?.sandbox)
        .sort(),
    ).toEqual(["dev", "prod"]);
    expect(rec.outputs["plan-file"]?.split("\n")).toEqual([
      "aepsync-plan.dev.json",
      "aepsync-plan.prod.json",
    ]);
    expect(Object.keys(JSON.parse(rec.outputs["plan-digest"]!) as object)).toEqual(["dev", "prod"]);
  });

  it("marks the comment superseded when the plan empties, and never comments just to say 'no changes'", async () => {
    h.plan = () => makePlan([makeChange("Connection/a", { action: "noop" })], { environment: "dev" });
    await h.pullRequestEvent(8, "h1");
    await h.run();
    expect(h.github.commentsOf(8)).toHaveLength(0);

    h.plan = () => planWith("x");
    await h.pullRequestEvent(8, "h2");
    await h.run();
    h.plan = () => makePlan([makeChange("Connection/a", { action: "noop" })], { environment: "dev" });
    await h.pullRequestEvent(8, "h3");
    const rec = await h.run();
    expect(h.github.commentsOf(8)).toHaveLength(1);
    const body = h.github.commentsOf(8)[0]!.body;
    expect(parsePlanMarker(body)).toMatchObject({ status: "empty", head: "h3" });
    expect(body).toContain("Superseded");
    expect(body).toContain("No changes");
    expect(rec.outputs["has-changes"]).toBe("false");
  });

  it("ignores a forged marker in someone else's comment", async () => {
    h.github.addComment(9, "<!-- aepsync:plan v=1 sandbox=dev head=h digest=x status=changes -->", "mallory");
    h.plan = () => planWith("x");
    await h.pullRequestEvent(9, "h");
    await h.run();
    const comments = h.github.commentsOf(9);
    expect(comments).toHaveLength(2);
    expect(comments[0]!.body).not.toContain("### aepsync");
    expect(comments[1]!.user?.login).toBe(BOT);
  });

  it("turns manifest diagnostics into file annotations and fails", async () => {
    h.plan = () => {
      throw new ManifestError([
        {
          file: "pipelines/hubspot.yaml",
          line: 14,
          column: 7,
          pointer: "/spec/schedule/interval",
          message: "must be >= 15",
          severity: "error",
          rule: "schedule",
        },
        {
          file: "pipelines/other.yaml",
          line: 2,
          column: 1,
          pointer: "",
          message: "startTime is in the past",
          severity: "warning",
          rule: "start-time",
        },
      ]);
    };
    await h.pullRequestEvent(5, "h");
    const rec = await h.run();
    expect(rec.errors).toContainEqual({
      message: "/spec/schedule/interval: must be >= 15",
      properties: {
        file: "pipelines/hubspot.yaml",
        startLine: 14,
        startColumn: 7,
        title: "aepsync schedule",
      },
    });
    expect(rec.warnings).toContain("startTime is in the past");
    expect(rec.failed).toContain("1 manifest error");
    const body = h.github.commentsOf(5)[0]!.body;
    expect(parsePlanMarker(body)?.status).toBe("invalid");
    expect(body).toContain("must be &gt;= 15");
  });

  it("explains a fork without credentials instead of crashing, even when it cannot comment", async () => {
    for (const name of ["AEP_CLIENT_ID", "AEP_CLIENT_SECRET", "AEP_ORG_ID", "AEPSYNC_FINGERPRINT_KEY"]) {
      delete h.env[name];
    }
    h.plan = () => {
      throw new ConfigError("AEP_CLIENT_ID is not set");
    };
    h.github.rejectWrites = 403;
    await h.pullRequestEvent(11, "h", { fork: true });
    const rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(rec.summary).toContain("Cannot plan without credentials");
    expect(rec.summary).toContain("forks do not receive");
    expect(rec.warnings.join("\n")).toMatch(/could not comment on #11: GitHub \[POST\].*403/);
    expect(JSON.parse(rec.outputs["summary"]!)).toEqual([
      expect.objectContaining({ status: "no-credentials" }),
    ]);

    h.github.rejectWrites = undefined;
    await h.run();
    expect(parsePlanMarker(h.github.commentsOf(11)[0]!.body)?.status).toBe("unavailable");
  });

  it("registers every secret and never writes one anywhere", async () => {
    h.inputs["secret-env"] = "EXTRA_SECRET";
    h.env["EXTRA_SECRET"] = "extra-secret-value-777";
    // A (buggy) plan that leaks secrets into values must still not leak them.
    h.plan = () => planWith(`${CLIENT_SECRET} ${HUBSPOT_TOKEN} ${"extra-secret-value-777"} ${TOKEN}`);
    await h.pullRequestEvent(12, "h");
    const rec = await h.run();
    expect(rec.secrets).toEqual(
      expect.arrayContaining([
        CLIENT_SECRET,
        HUBSPOT_TOKEN,
        "extra-secret-value-777",
        TOKEN,
        "fingerprint-key-value-123",
      ]),
    );
    const all = h.everything();
    expect(all).toContain("***");
    for (const secret of [CLIENT_SECRET, HUBSPOT_TOKEN, "extra-secret-value-777", TOKEN]) {
      expect(all).not.toContain(secret);
    }
  });

  it("validates boolean and numeric inputs", async () => {
    await h.pullRequestEvent(1, "h");
    h.inputs["comment"] = "yes";
    expect((await h.run()).failed).toBe("input 'comment' must be true or false, got 'yes'");
    h.inputs["comment"] = "False";
    h.inputs["parallelism"] = "0";
    expect((await h.run()).failed).toContain("input 'parallelism' must be an integer");
    h.inputs["parallelism"] = "4";
    h.inputs["environment"] = "staging";
    expect((await h.run()).failed).toContain(
      "'staging' is not an environment of aepsync.yaml (it declares dev)",
    );
    expect(h.planCalls).toHaveLength(0);
  });
});

describe("push to main: apply the reviewed plan", () => {
  async function reviewOn(pull: number, head: string, plan: Plan, mergeSha: string, mergedAt: string) {
    h.plan = () => plan;
    await h.pullRequestEvent(pull, head);
    await h.run();
    h.github.addPull({ number: pull, headSha: head, mergedAt, mergeSha });
  }

  it("applies exactly the checked plan when nothing changed since the review, and posts the result", async () => {
    await reviewOn(20, "head-20", planWith("reviewed"), "merge-20", "2026-01-02T00:00:00Z");
    const replanned = planWith("reviewed");
    h.plan = () => replanned;
    await h.pushEvent("merge-20");
    const rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(h.applyCalls).toHaveLength(1);
    expect(h.applyCalls[0]!.plan).toBe(replanned);
    expect(h.applyCalls[0]).toMatchObject({ environment: "dev", parallelism: 8, allowProtected: false });
    const result = h.github
      .commentsOf(20)
      .map((c) => parseApplyMarker(c.body))
      .filter((m) => m !== undefined);
    expect(result).toEqual([expect.objectContaining({ sandbox: "dev", sha: "merge-20", status: "success" })]);
    expect(JSON.parse(rec.outputs["summary"]!)).toEqual([expect.objectContaining({ status: "applied" })]);
  });

  it("refuses, address by address, when a change differs from the review", async () => {
    await reviewOn(21, "head-21", planWith("reviewed"), "merge-21", "2026-01-02T00:00:00Z");
    h.plan = () =>
      planWith("edited in the AEP UI", [makeChange("Pipeline/extra/source", { action: "create" })]);
    await h.pushEvent("merge-21");
    const rec = await h.run();
    expect(h.applyCalls).toHaveLength(0);
    expect(rec.failed).toContain("Refused");
    expect(rec.failed).toMatch(
      /Pipeline\/hubspot-contacts\/flow \(update\): reviewed in #21 as digest \w+, now \w+/,
    );
    expect(rec.failed).toContain("Pipeline/extra/source (create): not in any reviewed plan");
    expect(rec.failed).toContain("workflow_dispatch");
    const refusal = h.github.commentsOf(21).find((c) => parseApplyMarker(c.body) !== undefined);
    expect(parseApplyMarker(refusal!.body)?.status).toBe("failed");
    expect(refusal!.body).toContain("refused");
  });

  it("takes no reviewed plan from a marker that does not open the bot's comment", async () => {
    const plan = planWith("x");
    const digests = plan.changes
      .filter((c) => c.action !== "noop")
      .map((c) => `${c.address}:${c.digest.slice(0, 16)}`)
      .join(",");
    const forged = `<!-- aepsync:plan v=1 sandbox=dev env=dev head=head-60 digest=${plan.plan_digest} status=changes changes=${digests} -->`;
    // A bot comment that quotes a value holding a marker (as refusals and plans quote AEP values).
    h.github.addComment(60, `### aepsync apply: refused\n\n${forged}`);
    h.github.addComment(60, ` ${forged}`);
    h.github.addPull({
      number: 60,
      headSha: "head-60",
      mergedAt: "2026-01-06T00:00:00Z",
      mergeSha: "merge-60",
    });
    h.plan = () => plan;
    await h.pushEvent("merge-60");
    const rec = await h.run();
    expect(h.applyCalls).toHaveLength(0);
    expect(rec.failed).toContain("#60 has no aepsync plan comment for sandbox dev");
    // The same marker opening the bot's comment is a reviewed plan.
    h.github.addComment(60, forged);
    expect((await h.run()).failed).toBeUndefined();
    expect(h.applyCalls).toHaveLength(1);
  });

  it("refuses when the plan comment is not for the pull request's final head", async () => {
    await reviewOn(22, "head-22", planWith("reviewed"), "merge-22", "2026-01-02T00:00:00Z");
    h.github.pulls.find((p) => p.number === 22)!.head.sha = "head-22-late-push";
    await h.pushEvent("merge-22");
    const rec = await h.run();
    expect(h.applyCalls).toHaveLength(0);
    expect(rec.failed).toContain("final head is head-22-late-push");
  });

  it("refuses a commit that merged no pull request", async () => {
    h.plan = () => planWith("x");
    await h.pushEvent("direct-push");
    const rec = await h.run();
    expect(h.applyCalls).toHaveLength(0);
    expect(rec.failed).toContain("not the merge of a pull request");
  });

  it("accepts changes reviewed in an earlier merged pull request whose apply has not succeeded", async () => {
    const a = makeChange("Pipeline/a/flow", { diff: [{ path: "/description", before: "1", after: "2" }] });
    const b = makeChange("Pipeline/b/flow", { diff: [{ path: "/description", before: "3", after: "4" }] });
    await reviewOn(30, "head-30", makePlan([a], { environment: "dev" }), "merge-30", "2026-01-03T00:00:00Z");
    await reviewOn(
      31,
      "head-31",
      makePlan([a, b], { environment: "dev" }),
      "merge-31",
      "2026-01-03T00:01:00Z",
    );
    // #31's own plan had a and b; make it review only b, so a must come from #30.
    const own = h.github.commentsOf(31).find((c) => parsePlanMarker(c.body) !== undefined)!;
    own.body = own.body.replace(/Pipeline\/a\/flow:[0-9a-f]+,?/, "");
    h.plan = () => makePlan([a, b], { environment: "dev" });
    await h.pushEvent("merge-31");
    const rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(h.applyCalls).toHaveLength(1);
    expect(parseApplyMarker(h.github.commentsOf(30).at(-1)!.body)?.status).toBe("success");
    expect(h.github.commentsOf(30).at(-1)!.body).toContain("Applied together with #31");
  });

  it("does not reach past an earlier pull request whose apply succeeded", async () => {
    const a = makeChange("Pipeline/a/flow");
    await reviewOn(40, "head-40", makePlan([a], { environment: "dev" }), "merge-40", "2026-01-04T00:00:00Z");
    h.github.addComment(40, "<!-- aepsync:apply v=1 sandbox=dev sha=merge-40 digest=d status=success -->");
    await reviewOn(41, "head-41", planWith("b"), "merge-41", "2026-01-04T00:01:00Z");
    h.plan = () => makePlan([a, ...planWith("b").changes], { environment: "dev" });
    await h.pushEvent("merge-41");
    const rec = await h.run();
    expect(h.applyCalls).toHaveLength(0);
    expect(rec.failed).toContain("Pipeline/a/flow (update): not in any reviewed plan");
  });

  it("applies without the check on a manual run", async () => {
    h.plan = () => planWith("x");
    await h.event("workflow_dispatch", { ref: "refs/heads/main" }, "manual-sha");
    const rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(h.applyCalls).toHaveLength(1);
    expect(h.applyCalls[0]!.plan).toBeUndefined();
    expect(h.planCalls).toHaveLength(0);
  });

  it("needs allow-protected for a protected environment", async () => {
    h.config.environments = { dev: { sandbox: "dev" }, prod: { sandbox: "prod", protected: true } };
    h.plan = () => planWith("x");
    await h.event("workflow_dispatch", { ref: "refs/heads/main" }, "s");
    let rec = await h.run();
    expect(h.applyCalls.map((c) => c.environment)).toEqual(["dev"]);
    expect(rec.warnings.join("\n")).toContain("environment prod (sandbox prod) is protected");
    expect(rec.failed).toBeUndefined();

    h.inputs["environment"] = "prod";
    rec = await h.run();
    expect(rec.failed).toContain("allow-protected");
    h.inputs["allow-protected"] = "true";
    rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(h.applyCalls.at(-1)).toMatchObject({ environment: "prod", allowProtected: true });
  });

  it("fails when the apply fails, and says so on the pull request", async () => {
    await reviewOn(50, "head-50", planWith("r"), "merge-50", "2026-01-05T00:00:00Z");
    h.applyResult = (_s, plan) => ({
      plan,
      ok: false,
      results: [
        { address: "Pipeline/hubspot-contacts/flow", action: "update", status: "failed", message: "400 bad" },
      ],
      summary: { done: 0, failed: 1, skipped: 0, conflict: 0, unchanged: 1 },
      requests: { total: 1, byRoute: {} },
    });
    await h.pushEvent("merge-50");
    const rec = await h.run();
    expect(rec.failed).toContain("1 failed");
    expect(parseApplyMarker(h.github.commentsOf(50).at(-1)!.body)?.status).toBe("failed");
  });
});

describe("drift", () => {
  it("opens one labelled issue while drifted, updates it, and closes it when in sync", async () => {
    h.inputs["command"] = "drift";
    await h.event("schedule", {}, "main-sha");
    h.plan = () => planWith("drifted");
    await h.run();
    await h.run();
    expect(h.github.issues).toHaveLength(1);
    expect(h.github.issues[0]).toMatchObject({ state: "open", labels: ["aepsync-drift"] });
    expect(h.github.issues[0]!.body).toContain("Pipeline/hubspot-contacts");

    h.plan = () => makePlan([makeChange("Connection/a", { action: "noop" })], { environment: "dev" });
    const rec = await h.run();
    expect(rec.failed).toBeUndefined();
    expect(h.github.issues[0]!.state).toBe("closed");
    expect(h.github.commentsOf(h.github.issues[0]!.number)[0]!.body).toContain("No drift");
  });
});

describe("modeOf", () => {
  const context = (eventName: string, ref = "refs/heads/main") => ({
    eventName,
    ref,
    sha: "s",
    repository: "a/b",
    apiUrl: "",
    serverUrl: "",
    runId: undefined,
    defaultBranch: "main",
    pullRequest: undefined,
  });
  it.each([
    ["pull_request", "refs/pull/1/merge", "plan"],
    ["push", "refs/heads/main", "apply"],
    ["push", "refs/heads/feature", "plan"],
    ["workflow_dispatch", "refs/heads/main", "apply"],
    ["schedule", "refs/heads/main", "drift"],
  ] as const)("auto on %s %s → %s", (event, ref, mode) => {
    expect(modeOf("auto", context(event, ref))).toBe(mode);
  });
  it("an explicit command wins", () => {
    expect(modeOf("plan", context("push"))).toBe("plan");
  });
});
