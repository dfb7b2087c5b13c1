import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { connectors, findConnector } from "../../data/connectors.ts";
import { ConfigError, UsageError } from "../../errors.ts";
import { formatSuggestion } from "../../schema/suggest.ts";
import type { CliIO } from "../io.ts";
import { namespaceFrom, PLACEHOLDER, renderConfig, renderPipeline } from "../scaffold/project.ts";
import {
  envLines,
  githubEnvironments,
  renderWorkflows,
  reusableWorkflowPath,
} from "../scaffold/workflows.ts";

const DEFAULT_CONNECTOR = "hubspot";

/** The Action as a repository other than its own refers to it. */
export const ACTION_REF = "aepsync/aepsync@v1";

export const initUsage = `Usage: aepsync init [--connector ALIAS]

Writes a starting point into the current directory: aepsync.yaml (a dev and a protected prod
environment), pipelines/ALIAS.yaml (a connection, schema, dataset and pipeline for the connector) and
the GitHub workflows (.github/workflows/: aepsync.yml, the job, and plan.yml, apply.yml, drift.yml).
A file that exists is never overwritten: it is skipped and named. Exit code 0 when at least one file
was written, 1 when none could be.

Options:
  --connector ALIAS   the example pipeline's connector (default ${DEFAULT_CONNECTOR}), one of:
                      ${connectors.map((c) => c.alias).join(", ")}
  -h, --help          show this help
`;

type Outcome = "written" | "exists";

/** `aepsync init`: writes the scaffold, skipping files that exist; prints what to do next. */
export async function runInit(argv: string[], io: CliIO, now = Date.now()): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: {
      connector: { type: "string", default: DEFAULT_CONNECTOR },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    io.stdout(initUsage);
    return 0;
  }
  const connector = findConnector(values.connector);
  if (connector === undefined) {
    const aliases = connectors.map((c) => c.alias);
    throw new UsageError(
      `unknown connector '${values.connector}'${formatSuggestion(values.connector, aliases)}: use one of ${aliases.join(", ")}`,
    );
  }

  const namespace = namespaceFrom(basename(io.cwd));
  const pipeline = renderPipeline(connector, now);
  const files: [string, string][] = [
    ["aepsync.yaml", renderConfig(namespace)],
    [pipeline.path, pipeline.content],
    ...Object.entries(renderWorkflows({ action: ACTION_REF, references: pipeline.references })),
  ];
  const outcomes = new Map<string, Outcome>();
  for (const [path, content] of files) outcomes.set(path, await writeNew(io.cwd, path, content));

  for (const [path, outcome] of outcomes) {
    if (outcome === "written") io.stdout(`  wrote    ${path}\n`);
    else io.stdout(`  skipped  ${path} (it exists; init never overwrites)\n`);
  }
  if (![...outcomes.values()].includes("written")) {
    io.stderr("error: nothing written: every file init writes exists already\n");
    return 1;
  }
  if (outcomes.get("aepsync.yaml") === "written")
    io.stdout(`\nNamespace '${namespace}' (aepsync.yaml): it marks the AEP objects this repository owns.\n`);

  const variables = pipeline.references.filter((r) => r.scheme === "env").map((r) => r.name);
  const secrets = pipeline.references.filter((r) => r.scheme === "secret").map((r) => r.name);
  const lines = [
    "",
    "Next:",
    `  1. In ${pipeline.path}, replace ${PLACEHOLDER} (${pipeline.placeholders.join(", ")}) and the`,
    `     mapping's source fields with ${connector.title}'s.`,
    "  2. Check and plan on the bundled AEP emulator (no Adobe account needed):",
    "       npx aepsync validate",
    "       npx aepsync plan --emulator --env dev",
    "  3. Against AEP, set AEP_CLIENT_ID, AEP_CLIENT_SECRET, AEP_ORG_ID (an Adobe Developer Console",
    "     OAuth server-to-server project), AEPSYNC_FINGERPRINT_KEY (openssl rand -base64 32, kept)",
    ...(variables.length > 0 ? [`     and ${variables.join(", ")}`] : []),
    ...(secrets.length > 0 ? [`     and the secrets ${secrets.join(", ")}`] : []),
    "     then: npx aepsync plan --env dev",
    `  4. On GitHub, create the environments ${githubEnvironments.plan} (read-only AEP credentials, for`,
    `     pull-request plans), ${githubEnvironments.dev} and ${githubEnvironments.prod} (write credentials and the connector`,
    "     secrets; deployment branches: the default branch only; prod with required reviewers).",
  ];
  if (outcomes.get(reusableWorkflowPath) === "exists" && pipeline.references.length > 0) {
    lines.push(
      `     ${reusableWorkflowPath} exists: give its aepsync step these env: lines if it lacks them:`,
      ...envLines(pipeline.references, "       "),
    );
  }
  io.stdout(`${lines.join("\n")}\n`);
  return 0;
}

/** Creates the file unless something exists at that path (`wx`: no race, no symlink followed). */
async function writeNew(cwd: string, path: string, content: string): Promise<Outcome> {
  const absolute = join(cwd, path);
  const fail = (error: unknown) =>
    new ConfigError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  // A folder on the way that is a file fails here (EEXIST too): that is not "the file exists".
  await mkdir(dirname(absolute), { recursive: true }).catch((error: unknown) => {
    throw fail(error);
  });
  try {
    await writeFile(absolute, content, { flag: "wx", mode: 0o644 });
    return "written";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return "exists";
    throw fail(error);
  }
}
