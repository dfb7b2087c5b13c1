// Generated from specs/*.schema.json by `npm run gen:validators`. Do not edit.
import type { ErrorObject } from "ajv";

/** An ajv validating function compiled at build time: `errors` is set after each call. */
export interface StandaloneValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export declare const manifest: StandaloneValidate;
export declare const config: StandaloneValidate;
export declare const unionBranches: Record<string, { validate: StandaloneValidate; required: string[] }>;
