import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.ts";
import { checkCommandLinePath, checkEmulatorStateDir } from "../../src/manifest/index.ts";
import { captureIO } from "../support/io.ts";

const leaked = "outside-content-must-not-show-42";

let base: string;
let repo: string;
let outside: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), "aepsync-cli-paths-"));
  repo = join(base, "repo");
  outside = join(base, "outside");
  await mkdir(join(repo, ".git"), { recursive: true });
  await mkdir(join(repo, "sub"));
  await mkdir(outside);
  await writeFile(join(repo, "aepsync.yaml"), "environments: { dev: { sandbox: dev } }\n");
  await writeFile(join(outside, "plan.json"), `{"changes": [], "plan_digest": "${leaked}"}`);
  await symlink(join(outside, "plan.json"), join(repo, "linked-plan.json"));
  await symlink(join(outside, "new.json"), join(repo, "dangling.json"));
  await symlink(outside, join(repo, "linked-dir"));
  if (process.platform === "linux") await symlink("/proc/self/environ", join(repo, "environ.json"));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function run(args: string[], cwd = repo) {
  const io = captureIO({}, cwd);
  const code = await main(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("--out, --plan and --state stay inside the working directory or the repository", () => {
  it.each([
    [
      "plan --out outside by ..",
      ["plan", "--emulator", "--env", "dev", "--out", "../outside/p.json"],
      "--out",
    ],
    ["plan --out through a symlinked folder", ["plan", "--emulator", "--out", "linked-dir/p.json"], "--out"],
    [
      "plan --out onto a symlink to a file outside",
      ["plan", "--emulator", "--out", "linked-plan.json"],
      "--out",
    ],
    ["plan --out onto a dangling symlink", ["plan", "--emulator", "--out", "dangling.json"], "--out"],
    ["apply --plan from a symlink outside", ["apply", "--emulator", "--plan", "linked-plan.json"], "--plan"],
    ["emulator --state outside", ["emulator", "--port", "0", "--state", "../outside/state.json"], "--state"],
  ])("%s is refused before anything is read or written", async (_name, args, flag) => {
    const result = await run(args);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      new RegExp(
        `^error: ${flag} \\S+: resolves \\(symlinks followed\\) outside the working directory and the repository: give a path inside them\\n`,
      ),
    );
    expect(result.out + result.err).not.toContain(leaked);
    expect(existsSync(join(outside, "p.json"))).toBe(false);
    expect(existsSync(join(outside, "new.json"))).toBe(false);
    expect(existsSync(join(outside, "state.json"))).toBe(false);
    expect(await readFile(join(outside, "plan.json"), "utf8")).toContain(leaked);
  });

  it.runIf(process.platform === "linux")(
    "apply --plan of a symlink to /proc/self/environ shows nothing of it",
    async () => {
      const io = captureIO({ SOME_SECRET_IN_ENV: leaked }, repo);
      const code = await main(["apply", "--emulator", "--plan", "environ.json"], io);
      expect(code).toBe(1);
      expect(io.err()).toContain("error: --plan environ.json: resolves (symlinks followed) outside");
      expect(io.out() + io.err()).not.toContain(leaked);
      expect(io.out() + io.err()).not.toMatch(/PATH=|HOME=/);
    },
  );

  it("accepts paths inside the repository from a subfolder, and inside the working directory", () => {
    const sub = join(repo, "sub");
    expect(checkCommandLinePath("--out", "../plan.json", sub)).toBe(join(repo, "plan.json"));
    expect(checkCommandLinePath("--out", "p.json", sub)).toBe(join(sub, "p.json"));
    expect(checkCommandLinePath("--out", "new/deeper/p.json", repo)).toBe(join(repo, "new/deeper/p.json"));
    expect(() => checkCommandLinePath("--out", "../../outside/x.json", sub)).toThrow(/outside/);
  });
});

describe("checkEmulatorStateDir (the in-process emulator's .aepsync/)", () => {
  it("accepts a missing or real folder and refuses symlinks", async () => {
    const dir = join(base, "state-cases");
    await mkdir(join(dir, "real", ".aepsync"), { recursive: true });
    await mkdir(join(dir, "none"), { recursive: true });
    await mkdir(join(dir, "linked"), { recursive: true });
    await symlink(outside, join(dir, "linked", ".aepsync"));
    await mkdir(join(dir, "file-link", ".aepsync"), { recursive: true });
    await symlink(join(outside, "plan.json"), join(dir, "file-link", ".aepsync", "emulator-state.json"));
    await mkdir(join(dir, "not-a-folder"), { recursive: true });
    await writeFile(join(dir, "not-a-folder", ".aepsync"), "x");

    expect(checkEmulatorStateDir(join(dir, "real"))).toBe(join(dir, "real", ".aepsync"));
    expect(checkEmulatorStateDir(join(dir, "none"))).toBe(join(dir, "none", ".aepsync"));
    expect(() => checkEmulatorStateDir(join(dir, "linked"))).toThrow(
      ".aepsync/ is a symlink or not a plain folder: aepsync keeps the emulator's state only in a real .aepsync/ folder of the working directory; remove it",
    );
    expect(() => checkEmulatorStateDir(join(dir, "not-a-folder"))).toThrow(/not a plain folder/);
    expect(() => checkEmulatorStateDir(join(dir, "file-link"))).toThrow(
      ".aepsync/emulator-state.json is a symlink or not a plain file",
    );
  });
});
