/**
 * IMS token endpoint (Adobe Developer Console, OAuth Server-to-Server credential reference:
 * developer.adobe.com/developer-console/docs/guides/authentication/ServerToServerAuthentication/ims)
 * and the API gateway's header checks (help/landing/troubleshooting.md).
 */
import type { IncomingHttpHeaders } from "node:http";
import { ApiError, gatewayError, reply, type Reply } from "./http.ts";
import type { Random } from "./random.ts";

export const IMS_TOKEN_PATH = "/ims/token/v3";

export interface ImsConfig {
  clientId: string;
  clientSecret: string;
  orgId: string;
  tokenTtlSeconds: number;
}

/** Issued tokens and their expiry (real clock). Tokens are not persisted: a restart means a new login. */
export class TokenIssuer {
  readonly #tokens = new Map<string, number>();
  readonly #random: Random;
  readonly #config: ImsConfig;

  constructor(config: ImsConfig, random: Random) {
    this.#config = config;
    this.#random = random;
  }

  /** `POST /ims/token/v3`: form body (query also accepted), client_credentials only. */
  issue(form: URLSearchParams, now: number): Reply {
    const grantType = form.get("grant_type");
    if (grantType !== "client_credentials") {
      return reply(400, {
        error: "unsupported_grant_type",
        error_description: `grant_type must be client_credentials, got ${grantType ?? "nothing"}`,
      });
    }
    if (form.get("client_id") !== this.#config.clientId) {
      return reply(401, { error: "invalid_client", error_description: "invalid client_id parameter" });
    }
    if (form.get("client_secret") !== this.#config.clientSecret) {
      return reply(401, { error: "invalid_client", error_description: "invalid client_secret parameter" });
    }
    if (this.#tokens.size > 10_000) {
      for (const [issued, expiry] of this.#tokens) if (expiry <= now) this.#tokens.delete(issued);
    }
    const token = `eyJ${this.#random.hex(48)}`;
    this.#tokens.set(token, now + this.#config.tokenTtlSeconds * 1000);
    // expires_in is in seconds for OAuth server-to-server (the IMS credential reference above).
    return reply(200, {
      access_token: token,
      token_type: "bearer",
      expires_in: this.#config.tokenTtlSeconds,
    });
  }

  revokeAll(): void {
    this.#tokens.clear();
  }

  /**
   * The gateway's checks and error bodies (help/landing/troubleshooting.md; Adobe is silent on the
   * order they run in); throws its error body.
   */
  checkGateway(headers: IncomingHttpHeaders, now: number): void {
    const authorization = first(headers.authorization);
    if (authorization === undefined || authorization.trim() === "") {
      throw gatewayError(403, "403010", "Oauth token is missing.");
    }
    const token = /^Bearer\s+(.+)$/i.exec(authorization.trim())?.[1];
    const expiry = token === undefined ? undefined : this.#tokens.get(token);
    if (token === undefined || expiry === undefined || expiry <= now) {
      if (token !== undefined && expiry !== undefined) this.#tokens.delete(token);
      throw gatewayError(401, "401013", "Oauth token is not valid");
    }
    const apiKey = first(headers["x-api-key"]);
    if (apiKey === undefined || apiKey === "") throw gatewayError(403, "403000", "Api Key is required");
    if (apiKey !== this.#config.clientId) throw gatewayError(403, "403003", "Api Key is invalid");
    const org = first(headers["x-gw-ims-org-id"]);
    if (org === undefined || org === "") throw gatewayError(400, "400003", "Missing header");
    if (org !== this.#config.orgId) throw gatewayError(403, "403025", "Profile is not valid");
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function imsError(status: number, error: string, description: string): ApiError {
  return new ApiError(status, { error, error_description: description });
}
