/**
 * The one place that turns an environment of aepsync.yaml, a `--sandbox` or `AEP_SANDBOX` into a
 * sandbox, its protection and its variables, for the CLI and the Action alike. A run always
 * names its sandbox: AEP's own default (prod when `x-sandbox-name` is missing) is never relied on.
 */
import { ConfigError } from "../errors.ts";
import { isSandboxName } from "../model/sandbox.ts";
import type { ResolvedConfig } from "../manifest/model.ts";

export interface Target {
  sandbox: string;
  environment?: string;
  /** Apply needs --allow-protected (the Action's allow-protected input). */
  protected: boolean;
  /** Values of `${var:NAME}` in this environment. */
  variables: Record<string, string>;
}

/** Refuses a name AEP would not take as `x-sandbox-name`; `from` says where it came from. */
export function checkSandboxName(name: string, from: string): string {
  if (!isSandboxName(name))
    throw new ConfigError(`${from} '${name}': AEP sandbox names are lowercase letters, digits and '-'`);
  return name;
}

/** Protection follows the sandbox whatever names it: an environment of aepsync.yaml that is protected. */
export function isProtectedSandbox(
  config: { environments?: Readonly<Record<string, { sandbox: string; protected?: boolean } | undefined>> },
  sandbox: string,
): boolean {
  return Object.values(config.environments ?? {}).some((e) => e?.sandbox === sandbox && e.protected === true);
}

export function resolveTarget(
  config: ResolvedConfig,
  request: { environment?: string; sandbox?: string; env: Readonly<Record<string, string | undefined>> },
): Target {
  let envConfig: ResolvedConfig["environments"][string];
  if (request.environment !== undefined) {
    envConfig = config.environments[request.environment];
    if (envConfig === undefined) {
      const known = Object.keys(config.environments);
      throw new ConfigError(
        `environment '${request.environment}' is not in aepsync.yaml${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`,
      );
    }
  }
  const named: [string | undefined, string][] = [
    [request.sandbox, "--sandbox"],
    [envConfig?.sandbox, `the sandbox of environment '${request.environment ?? ""}' in aepsync.yaml`],
    [request.env.AEP_SANDBOX, "AEP_SANDBOX"],
  ];
  const chosen = named.find(([value]) => value !== undefined && value !== "");
  if (chosen === undefined)
    throw new ConfigError("no sandbox: pass --sandbox NAME or --env NAME (aepsync.yaml), or set AEP_SANDBOX");
  const sandbox = checkSandboxName(chosen[0]!, chosen[1]);
  const variables: Record<string, string> = {};
  for (const [k, v] of Object.entries(envConfig?.variables ?? {})) if (v !== undefined) variables[k] = v;
  const target: Target = {
    sandbox,
    protected: envConfig?.protected === true || isProtectedSandbox(config, sandbox),
    variables,
  };
  if (request.environment !== undefined) target.environment = request.environment;
  return target;
}
