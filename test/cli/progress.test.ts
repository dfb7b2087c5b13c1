import { describe, expect, it } from "vitest";
import { createProgress, formatElapsed } from "../../src/cli/progress.ts";
import type { ChangeResult } from "../../src/engine/index.ts";

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

const results: ChangeResult[] = [
  { address: "Connection/hubspot", action: "noop", status: "unchanged" },
  { address: "Dataset/contacts", action: "create", status: "done" },
  { address: "Pipeline/hubspot-contacts/flow", action: "create", status: "failed", message: "1419-400" },
  { address: "Pipeline/mailchimp/flow", action: "update", status: "skipped", message: "interrupted" },
];

describe("apply progress", () => {
  it("prints one plain line per change that did something, with [n/N] and the elapsed time", () => {
    let out = "";
    const c = clock();
    const progress = createProgress({ write: (t) => (out += t), tty: false, now: c.now });
    progress.start();
    results.forEach((r, i) => {
      c.advance(1_250);
      progress.onResult(r, i + 1, results.length);
    });
    progress.finish();
    expect(out).toBe(
      [
        "[2/4] 2.5s Dataset/contacts: create done",
        "[3/4] 3.8s Pipeline/hubspot-contacts/flow: create failed (1419-400)",
        "[4/4] 5.0s Pipeline/mailchimp/flow: update skipped (interrupted)",
        "",
      ].join("\n"),
    );
  });

  it("leaves skipped changes to the summary once interrupted", () => {
    let out = "";
    const progress = createProgress({ write: (t) => (out += t), tty: false, now: clock().now });
    progress.interrupted();
    progress.onResult(results[3]!, 4, 4);
    expect(out).toBe("");
  });

  it("updates one line in place on a terminal, at most every 100 ms, and ends it with the last state", () => {
    const writes: string[] = [];
    const c = clock();
    const progress = createProgress({ write: (t) => writes.push(t), tty: true, now: c.now, columns: 60 });
    progress.onResult(results[0]!, 1, 4);
    c.advance(10);
    progress.onResult(results[1]!, 2, 4); // too soon: not drawn
    c.advance(200);
    progress.log("! a warning"); // clears the line, prints, redraws
    progress.onResult(results[2]!, 3, 4); // just redrawn: not drawn
    c.advance(10);
    progress.onResult(results[3]!, 4, 4); // the last one is always drawn
    progress.finish();
    expect(writes).toEqual([
      "\r\u001b[2K[1/4] 0.0s Connection/hubspot: noop unchanged",
      "\r\u001b[2K! a warning\n",
      "\r\u001b[2K[2/4] 0.0s Dataset/contacts: create done",
      "\r\u001b[2K[4/4] 0.2s Pipeline/mailchimp/flow: update skipped",
      "\r\u001b[2K[4/4] 0.2s Pipeline/mailchimp/flow: update skipped",
      "\n",
    ]);
    expect(writes.every((w) => w.replace("\r\u001b[2K", "").replace("\n", "").length <= 59)).toBe(true);
  });

  it("cuts a line that would wrap", () => {
    const writes: string[] = [];
    const progress = createProgress({ write: (t) => writes.push(t), tty: true, columns: 30 });
    progress.onResult(results[2]!, 3, 4);
    expect(writes[0]).toBe("\r\u001b[2K[3/4] 0.0s Pipeline/hubspot-…");
  });

  it.each([
    [0, "0.0s"],
    [1_234, "1.2s"],
    [59_900, "59.9s"],
    [61_000, "1m01s"],
    [3_725_000, "62m05s"],
  ])("writes %d ms as %s", (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
