import { loadManifests } from "../manifest/index.ts";
import { applyRun, planRun } from "../engine/index.ts";
import { createGitHubApi } from "./github.ts";
import type { ActionDeps } from "./session.ts";

/** The real library functions; main.ts loads this lazily so that unit tests never need them. */
export const defaultDeps: ActionDeps = {
  planRun,
  applyRun,
  // The config as planRun finds it; invalid manifests are reported by planRun, per environment.
  loadConfig: async (paths, cwd) => (await loadManifests(paths, { cwd })).config.config,
  createGitHub: createGitHubApi,
};
