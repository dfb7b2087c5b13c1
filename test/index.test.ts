import { describe, expect, it } from "vitest";
import * as aepsync from "../src/index.ts";

describe("the library API", () => {
  it("exports the functions the CLI and the Action use", () => {
    for (const name of [
      "loadManifests",
      "validateManifests",
      "planRun",
      "applyRun",
      "exportRun",
      "planChanges",
      "renderText",
      "renderJson",
      "renderMarkdown",
      "createAepClient",
      "startEmulator",
    ] as const)
      expect(typeof aepsync[name], name).toBe("function");
    expect(new aepsync.ManifestError([]).code).toBe("E_MANIFEST");
  });
});
