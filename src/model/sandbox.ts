/**
 * Sandbox names: the one rule every edge checks a name against (aepsync.yaml in validate, `--sandbox`,
 * `AEP_SANDBOX` and the Action's environments in the engine), so that a run never sends AEP a
 * name it would not take as `x-sandbox-name`.
 */
export const SANDBOX_NAME = /^[a-z0-9][a-z0-9-]*$/;

export function isSandboxName(name: string): boolean {
  return SANDBOX_NAME.test(name);
}
