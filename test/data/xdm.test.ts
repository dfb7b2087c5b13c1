import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildXdm } from "../../scripts/build-xdm.ts";
import { findXdmResource, hasFieldPath, xdmFieldPaths } from "../../src/data/xdm.ts";

const source = fileURLToPath(new URL("../../../shared/reference/xdm/components", import.meta.url));

describe("XDM data", () => {
  it("knows the fields Adobe's tutorial maps to", () => {
    const paths = xdmFieldPaths([
      "https://ns.adobe.com/xdm/context/profile",
      "https://ns.adobe.com/xdm/context/profile-person-details",
      "https://ns.adobe.com/xdm/context/profile-personal-details",
    ]);
    for (const path of ["person.name.firstName", "personalEmail.address", "_id", "repositoryCreatedBy"])
      expect(hasFieldPath(paths, path), path).toBe(true);
    expect(hasFieldPath(paths, "person.name.nickname")).toBe(false);
    expect(hasFieldPath(paths, "xdm:person")).toBe(false);
  });

  it("keeps field groups' intended classes", () => {
    const group = findXdmResource("https://ns.adobe.com/xdm/context/profile-person-details");
    expect(group?.kind).toBe("fieldgroup");
    expect(group?.intendedToExtend).toContain("https://ns.adobe.com/xdm/context/profile");
  });

  // The generated file must match Adobe's XDM components it was built from (run `npm run gen:xdm`).
  it.skipIf(!existsSync(source))("src/data/generated/xdm.json matches the XDM components", async () => {
    const built = await buildXdm(source);
    const committed = JSON.parse(await readFile("src/data/generated/xdm.json", "utf8")) as {
      resources: unknown;
    };
    expect(committed.resources, "src/data/generated/xdm.json is stale: run npm run gen:xdm").toEqual(
      JSON.parse(JSON.stringify(built)),
    );
  });
});
