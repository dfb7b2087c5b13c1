/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are arbitrary JSON, read as `any` */
import { afterEach } from "vitest";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../src/emulator/index.ts";

export const FS = "/data/foundation/flowservice";
export const SR = "/data/foundation/schemaregistry";
export const CAT = "/data/foundation/catalog";
export const DP = "/data/foundation/conversion";

export const HUBSPOT = "cc6a4487-9e91-433e-a3a3-9cf6626c1806";
export const MAILCHIMP = "2e8580db-6489-4726-96de-e33f5f60295f";
export const DATA_LAKE = "c604ff05-7f1a-43c0-8e18-33bf874cb11c";
export const CRM_TO_AEP = "14518937-270c-4525-bdec-c2ba7cce3860";
export const REST_TO_AEP = "6499120c-0b15-42dc-936e-847ea3c24d72";
export const PROFILE = "https://ns.adobe.com/xdm/context/profile";
export const PERSON_DETAILS = "https://ns.adobe.com/xdm/context/profile-person-details";
export const PERSONAL_DETAILS = "https://ns.adobe.com/xdm/context/profile-personal-details";
export const XED_ID = "application/vnd.adobe.xed-id+json";
export const XED = "application/vnd.adobe.xed+json; version=1";

export interface Answer {
  status: number;
  // Tests read arbitrary JSON; `any` keeps assertions short.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export interface CallOptions {
  body?: unknown;
  /** Sent as is (string) instead of JSON. */
  raw?: string;
  headers?: Record<string, string>;
  /** Headers to leave out of the defaults (e.g. "authorization"). */
  omit?: string[];
  sandbox?: string | null;
}

export interface TestClient {
  emu: RunningEmulator;
  token: string;
  call(method: string, path: string, options?: CallOptions): Promise<Answer>;
  admin(method: string, path: string, body?: unknown): Promise<Answer>;
}

const running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((emu) => emu.close()));
});

/**
 * Starts an emulator on a free loopback port, closed after the test; logs in. Realism is off unless
 * the test asks for it, whatever DEFAULT_REALISM says: each test states the behaviour it checks.
 */
export async function startClient(options: EmulatorOptions = {}): Promise<TestClient> {
  const emu = await startEmulator({ port: 0, realism: false, ...options });
  running.push(emu);
  return connectClient(emu);
}

export async function connectClient(emu: RunningEmulator): Promise<TestClient> {
  const token = await fetchToken(emu);
  const client: TestClient = {
    emu,
    token,
    call: (method, path, options = {}) => call(emu, token, method, path, options),
    admin: (method, path, body) =>
      call(emu, token, method, `/__emulator${path}`, {
        ...(body === undefined ? {} : { body }),
        sandbox: null,
      }),
  };
  return client;
}

export async function fetchToken(emu: RunningEmulator): Promise<string> {
  const res = await fetch(`${emu.url}/ims/token/v3`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: emu.clientId,
      client_secret: emu.clientSecret,
      scope: "openid,AdobeID,read_organizations",
    }),
  });
  const body = (await res.json()) as { access_token: string };
  return body.access_token;
}

async function call(
  emu: RunningEmulator,
  token: string,
  method: string,
  path: string,
  options: CallOptions,
): Promise<Answer> {
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    "x-api-key": emu.clientId,
    "x-gw-ims-org-id": emu.orgId,
  };
  const sandbox = options.sandbox === undefined ? "dev" : options.sandbox;
  if (sandbox !== null) headers["x-sandbox-name"] = sandbox;
  let body: string | null = null;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] = "application/json";
  }
  Object.assign(headers, options.headers);
  for (const name of options.omit ?? []) delete headers[name];
  const res = await fetch(`${emu.url}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    body: text === "" ? undefined : (JSON.parse(text) as unknown),
    headers: res.headers,
  };
}

export const hubspotConnection = {
  name: "HubSpot account",
  description: "test account",
  auth: {
    specName: "Basic Authentication",
    params: { clientId: "client-1", clientSecret: "s3cret", accessToken: "t0ken", refreshToken: "r3fresh" },
  },
  connectionSpec: { id: HUBSPOT, version: "1.0" },
};

export interface Pipeline {
  connectionId: string;
  sourceId: string;
  schemaId: string;
  dataSetId: string;
  targetId: string;
  mappingId: string;
  flowId: string;
  flowEtag: string;
}

export const FUTURE_START = String(Math.floor(Date.UTC(2035, 0, 1) / 1000));

/** A clock for `EmulatorOptions.clock` that moves only when a test advances it. */
export interface ManualClock {
  now: () => number;
  advance(ms: number): void;
}

export function manualClock(start = Date.now()): ManualClock {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}

/**
 * The whole object chain (base connection, source, schema, dataset, target, mapping set, flow)
 * through the API, in one sandbox. `afterConnection` runs
 * once the base connection exists: with realism it must let the connection finish initializing.
 */
export async function createPipeline(
  client: TestClient,
  sandbox = "dev",
  suffix = "1",
  afterConnection: () => void | Promise<void> = () => undefined,
): Promise<Pipeline> {
  const expectStatus = (answer: Answer, status: number): Answer => {
    if (answer.status !== status)
      throw new Error(`expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer;
  };
  const o = { sandbox };
  const connection = expectStatus(
    await client.call("POST", `${FS}/connections`, { ...o, body: hubspotConnection }),
    201,
  );
  await afterConnection();
  const source = expectStatus(
    await client.call("POST", `${FS}/sourceConnections`, {
      ...o,
      body: {
        name: `source ${suffix}`,
        baseConnectionId: connection.body.id,
        data: { format: "tabular" },
        params: { path: "Hubspot.Contacts" },
        connectionSpec: { id: HUBSPOT, version: "1.0" },
      },
    }),
    201,
  );
  const schema = expectStatus(
    await client.call("POST", `${SR}/tenant/schemas`, {
      ...o,
      body: {
        type: "object",
        title: `Profiles ${suffix}`,
        allOf: [{ $ref: PROFILE }, { $ref: PERSON_DETAILS }, { $ref: PERSONAL_DETAILS }],
      },
    }),
    201,
  );
  const dataSet = expectStatus(
    await client.call("POST", `${CAT}/dataSets`, {
      ...o,
      body: { name: `Profiles ${suffix}`, schemaRef: { id: schema.body.$id, contentType: XED } },
    }),
    201,
  );
  const dataSetId = String(dataSet.body[0]).replace("@/dataSets/", "");
  const target = expectStatus(
    await client.call("POST", `${FS}/targetConnections`, {
      ...o,
      body: {
        name: `target ${suffix}`,
        data: {
          format: "parquet_xdm",
          schema: { id: schema.body.$id, version: "application/vnd.adobe.xed-full+json;version=1" },
        },
        params: { dataSetId },
        connectionSpec: { id: DATA_LAKE, version: "1.0" },
      },
    }),
    201,
  );
  const mapping = expectStatus(
    await client.call("POST", `${DP}/mappingSets`, {
      ...o,
      body: {
        outputSchema: { schemaRef: { id: schema.body.$id, contentType: XED } },
        mappings: [
          { sourceType: "ATTRIBUTE", source: "firstname", destination: "person.name.firstName" },
          { sourceType: "EXPRESSION", source: "lower(email)", destination: "personalEmail.address" },
        ],
      },
    }),
    200,
  );
  const flow = expectStatus(
    await client.call("POST", `${FS}/flows`, {
      ...o,
      body: flowBody(source.body.id as string, target.body.id as string, mapping.body.id as string, suffix),
    }),
    201,
  );
  return {
    connectionId: connection.body.id,
    sourceId: source.body.id,
    schemaId: schema.body.$id,
    dataSetId,
    targetId: target.body.id,
    mappingId: mapping.body.id,
    flowId: flow.body.id,
    flowEtag: flow.body.etag,
  };
}

export function flowBody(
  sourceId: string,
  targetId: string,
  mappingId: string,
  suffix = "1",
): Record<string, unknown> {
  return {
    name: `flow ${suffix}`,
    description: "contacts",
    flowSpec: { id: CRM_TO_AEP, version: "1.0" },
    sourceConnectionIds: [sourceId],
    targetConnectionIds: [targetId],
    transformations: [
      {
        name: "Copy",
        params: { deltaColumn: { name: "updatedAt", dateFormat: "YYYY-MM-DD", timezone: "UTC" } },
      },
      { name: "Mapping", params: { mappingId, mappingVersion: 0 } },
    ],
    scheduleParams: { startTime: Number(FUTURE_START), frequency: "minute", interval: 30 },
  };
}
