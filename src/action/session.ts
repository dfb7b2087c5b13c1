import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import { isProtectedSandbox } from "../engine/index.ts";
import { ConfigError, SyncError, UsageError } from "../errors.ts";
import type { Plan } from "../model/index.ts";
import type {
  ApplyOutcome,
  ApplySettings,
  ApplySummary,
  PlanOutcome,
  RunDiagnostic,
  RunSettings,
} from "../engine/index.ts";
import type { ActionContext } from "./context.ts";
import type { GitHubApi, GitHubApiOptions, IssueComment } from "./github.ts";
import type { ActionInputs } from "./inputs.ts";
import type { ActionIO } from "./io.ts";

export interface EnvironmentConfig {
  sandbox: string;
  protected?: boolean;
}

/** What the Action needs of aepsync.yaml. */
export interface ConfigView {
  namespace?: string;
  environments?: Record<string, EnvironmentConfig | undefined>;
}

/**
 * The library functions the Action calls: the same as the CLI's (docs/architecture.md, "The Action"),
 * injectable for tests.
 */
export interface ActionDeps {
  planRun(settings: RunSettings): Promise<PlanOutcome>;
  applyRun(settings: ApplySettings): Promise<ApplyOutcome>;
  /** aepsync.yaml as the run will find it for these manifest paths. */
  loadConfig(paths: readonly string[], cwd: string): Promise<ConfigView> | ConfigView;
  createGitHub(options: GitHubApiOptions): GitHubApi;
}

export interface Target {
  environment: string | undefined;
  sandbox: string;
  protected: boolean;
  /** Named in the `environment` input (not a default). */
  explicit: boolean;
}

export type ReportStatus =
  | "planned"
  | "no-changes"
  | "invalid"
  | "no-credentials"
  | "error"
  | "applied"
  | "apply-failed"
  | "refused"
  | "skipped"
  | "drifted"
  | "in-sync";

/** What happened for one target; outputs, summaries and the exit status come from these. */
export interface TargetReport {
  target: Target;
  status: ReportStatus;
  failed: boolean;
  /** Plain text for the log and setFailed. */
  message?: string;
  plan?: Plan;
  apply?: ApplySummary;
  diagnostics?: RunDiagnostic[];
  planFile?: string;
}

/** Everything one run of the Action shares between its modes. */
export interface Session {
  io: ActionIO;
  deps: ActionDeps;
  inputs: ActionInputs;
  context: ActionContext;
  /** Masks registered secret values in anything the Action writes. */
  scrub: (text: string) => string;
  /** Undefined when there is no token. */
  github: GitHubApi | undefined;
  /** A Markdown link to this workflow run, when the runner says which. */
  runLink: string | undefined;
  log: (line: string) => void;
  /** The comments of an issue or pull request, listed once per run and kept current. */
  comments(issue: number): Promise<IssueComment[]>;
  remember(issue: number, comment: IssueComment): void;
}

export function createSession(
  io: ActionIO,
  deps: ActionDeps,
  inputs: ActionInputs,
  context: ActionContext,
  scrub: (text: string) => string,
): Session {
  const token = inputs.githubToken ?? io.env["GITHUB_TOKEN"];
  const github =
    token === undefined
      ? undefined
      : deps.createGitHub({
          apiUrl: context.apiUrl,
          token,
          repository: context.repository,
          onRetry: (n) =>
            io.info(
              scrub(
                `GitHub [${n.method}] ${n.path}: ${n.status ?? "no answer"}; trying again in ${Math.ceil(n.delayMs / 1000)} s`,
              ),
            ),
        });
  const cache = new Map<number, IssueComment[]>();
  const runLink =
    context.runId === undefined
      ? undefined
      : `[workflow run](${context.serverUrl}/${context.repository}/actions/runs/${context.runId})`;
  return {
    io,
    deps,
    inputs,
    context,
    scrub,
    github,
    runLink,
    log: (line) => io.info(scrub(line)),
    async comments(issue) {
      if (github === undefined) return [];
      const known = cache.get(issue);
      if (known !== undefined) return known;
      const listed = await github.listIssueComments(issue);
      cache.set(issue, listed);
      return listed;
    },
    remember(issue, comment) {
      const list = cache.get(issue);
      if (list === undefined) return;
      const index = list.findIndex((c) => c.id === comment.id);
      if (index >= 0) list[index] = comment;
      else list.push(comment);
    },
  };
}

/** The environments to work on: the `environment` input, else every one in aepsync.yaml. */
export async function resolveTargets(session: Session): Promise<Target[]> {
  const config = await session.deps.loadConfig(session.inputs.paths, session.io.cwd);
  const environments = config.environments ?? {};
  const names = Object.keys(environments);
  if (session.inputs.environments !== undefined) {
    return session.inputs.environments.map((name) => {
      const env = environments[name];
      if (env === undefined) {
        const known = names.length === 0 ? "it declares none" : `it declares ${names.join(", ")}`;
        throw new UsageError(
          `input 'environment': '${name}' is not an environment of aepsync.yaml (${known})`,
        );
      }
      return {
        environment: name,
        sandbox: env.sandbox,
        protected: isProtectedSandbox(config, env.sandbox),
        explicit: true,
      };
    });
  }
  if (names.length > 0) {
    return names.map((name) => {
      const env = environments[name];
      const sandbox = env?.sandbox ?? name;
      // Protection follows the sandbox, as the engine decides it, whatever environment names it.
      return { environment: name, sandbox, protected: isProtectedSandbox(config, sandbox), explicit: false };
    });
  }
  const sandbox = session.io.env["AEP_SANDBOX"];
  if (sandbox === undefined || sandbox === "") {
    throw new ConfigError(
      "aepsync.yaml declares no environments and AEP_SANDBOX is not set: set one of them",
    );
  }
  return [{ environment: undefined, sandbox, protected: false, explicit: false }];
}

export function runSettings(session: Session, target: Target): RunSettings {
  const settings: RunSettings = {
    paths: session.inputs.paths,
    cwd: session.io.cwd,
    env: session.io.env,
    prune: session.inputs.prune,
    adopt: session.inputs.adopt,
    allowDataLoss: session.inputs.allowDataLoss,
    log: session.log,
  };
  if (target.environment !== undefined) settings.environment = target.environment;
  else settings.sandbox = target.sandbox;
  return settings;
}

export const credentialEnv = [
  "AEP_CLIENT_ID",
  "AEP_CLIENT_SECRET",
  "AEP_ORG_ID",
  "AEPSYNC_FINGERPRINT_KEY",
] as const;

export function missingCredentials(env: Readonly<Record<string, string | undefined>>): string[] {
  return credentialEnv.filter((name) => (env[name] ?? "") === "");
}

/** Duck-typed as well as instanceof: the error may come from another copy of the module (tests, bundles). */
export function diagnosticsOf(error: unknown): RunDiagnostic[] | undefined {
  if (!(error instanceof SyncError) || error.code !== "E_MANIFEST") return undefined;
  const diagnostics: unknown = (error as { diagnostics?: unknown }).diagnostics;
  return Array.isArray(diagnostics) ? (diagnostics as RunDiagnostic[]) : [];
}

export function annotate(session: Session, diagnostics: readonly RunDiagnostic[]): void {
  for (const d of diagnostics) {
    const properties = { file: d.file, startLine: d.line, startColumn: d.column, title: `aepsync ${d.rule}` };
    const message = session.scrub(`${d.pointer === "" ? "" : `${d.pointer}: `}${d.message}`);
    if (d.severity === "error") session.io.error(message, properties);
    else session.io.warning(message, properties);
  }
}

function scrubDeep(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (typeof value === "object" && value != null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrub(k), scrubDeep(v, scrub)]));
  }
  return value;
}

/** Writes each plan as JSON: `plan-file` itself for one plan, `<name>.<environment>.json` for several. */
export async function writePlanFiles(session: Session, reports: TargetReport[]): Promise<void> {
  const withPlans = reports.filter((r) => r.plan !== undefined);
  const base = resolve(session.io.cwd, session.inputs.planFile);
  for (const report of withPlans) {
    let file = base;
    if (withPlans.length > 1) {
      const suffix = report.target.environment ?? report.target.sandbox;
      file = /\.json$/.test(base) ? base.replace(/\.json$/, `.${suffix}.json`) : `${base}.${suffix}`;
    }
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(scrubDeep(report.plan, session.scrub), null, 2)}\n`);
    report.planFile = relative(session.io.cwd, file) || file;
  }
}

export function targetLabel(target: Target): string {
  return target.environment === undefined
    ? `sandbox ${target.sandbox}`
    : `environment ${target.environment} (sandbox ${target.sandbox})`;
}
