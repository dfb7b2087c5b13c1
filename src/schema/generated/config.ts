/* Generated from specs/config.schema.json by `npm run gen:types`. Do not edit. */

/**
 * aepsync.yaml at the repository root: this repository's namespace and its environments (one AEP sandbox each).
 */
export interface AepsyncConfig {
  /**
   * Marks the AEP objects this repository owns (ns=<namespace> in aepsync's markers), so that two repositories can share a sandbox. Changing it orphans existing objects. Default: default.
   */
  namespace?: string;
  /**
   * Environments by name (dev, staging, prod, …), chosen with --env NAME.
   */
  environments: {
    [k: string]: Environment | undefined;
  };
  /**
   * Environment variables whose names look like credentials (…SECRET…, …TOKEN…, …PASSWORD…, …KEY…, …) but are not, so that manifests may read them with ${env:NAME}. ${env:} values are printed in plans and comments and sent to AEP: a credential is a ${secret:NAME} in auth.params. AEP_* and AEPSYNC_* names, and names used as ${secret:NAME}, cannot be listed.
   */
  publicEnv?: string[];
}
/**
 * One AEP sandbox and the values of ${var:NAME} references in it.
 */
export interface Environment {
  /**
   * AEP sandbox name (x-sandbox-name), lowercase, e.g. prod or dev.
   */
  sandbox: string;
  /**
   * When true, apply needs --allow-protected (the Action's allow-protected input). Set it for production sandboxes. Default false.
   */
  protected?: boolean;
  /**
   * Values of ${var:NAME} references in this environment (NAME: upper case, digits, '_'). Literal strings.
   */
  variables?: {
    /**
     * The variable's value.
     */
    [k: string]: string | undefined;
  };
}
