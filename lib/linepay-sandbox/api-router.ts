// Dispatch of LINE API calls: route → auth → JSON parse → fault registry → in-flight lock →
// latency → handler. Business results are always HTTP 200 with LINE's envelope; only injected
// faults (http500, reset, commitThenDrop) answer otherwise.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseLossless } from "lossless-json";
import { authenticate } from "./auth";
import {
  delay,
  parseQuery,
  readBody,
  sendHttpError,
  sendJson,
  type RequestTarget,
} from "./http-io";
import { clientIsGone, dropConnection, sendGatewayError } from "./fault-responses";
import type { FaultAction } from "./fault-schema";
import { maskRegKey } from "./ids";
import { envelope, stringifyEnvelope, type Envelope } from "./json";
import type { SandboxConfig, ResolvedChannel } from "./options";
import type { EndpointName, OutcomeQuery } from "./outcomes";
import { defaultReturnMessage } from "./return-messages";
import type { SandboxStore } from "./store";

export interface ApiCall {
  channel: ResolvedChannel;
  /** Path parameters (transactionId, regKey), as sent. */
  params: Record<string, string>;
  /** Parsed JSON body ({} when empty); numbers are LosslessNumber. */
  body: unknown;
  query: Map<string, string[]>;
}

export interface ApiDeps {
  store: SandboxStore;
  config: SandboxConfig;
}

export interface ApiRoute {
  method: "GET" | "POST";
  pattern: RegExp;
  endpoint: EndpointName;
  handle(call: ApiCall, deps: ApiDeps): Envelope | Promise<Envelope>;
  /** Overlapping calls on the same key get `busy` (1198 per transaction, 1197 per regKey). */
  lock?: (call: ApiCall) => { key: string; busy: Envelope } | undefined;
  /** Extra facts (e.g. orderId) the fault registry can match on. */
  describe?: (call: ApiCall, deps: ApiDeps) => Partial<OutcomeQuery>;
}

export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: RequestTarget,
  routes: ApiRoute[],
  deps: ApiDeps,
): Promise<void> {
  const matches = routes
    .map((route) => ({ route, m: route.pattern.exec(target.path) }))
    .filter((x) => x.m);
  const hit = matches.find((x) => x.route.method === req.method);
  if (!hit?.m) {
    if (matches.length > 0)
      return sendHttpError(
        res,
        405,
        "method_not_allowed",
        `${req.method} is not allowed on ${target.path}`,
      );
    return sendNotFound(res, target.path);
  }
  const { route } = hit;
  const raw = await readBody(req);
  const auth = authenticate(req, deps.config.channels, {
    apiPath: target.path,
    payload: req.method === "GET" ? target.query : raw,
  });
  const { latencyMs } = deps.config;
  if (!auth.ok) return respond(res, deps, route, target, auth.error, latencyMs);

  const body = req.method === "POST" ? parseJsonBody(req, raw) : {};
  if (body instanceof Error)
    return respond(res, deps, route, target, envelope("2102", body.message), latencyMs);

  const params = Object.fromEntries(
    Object.entries(hit.m.groups ?? {}).map(([k, v]) => [k, safeDecode(v)]),
  );
  const call: ApiCall = { channel: auth.channel, params, body, query: parseQuery(target.query) };

  const fault = takeFault(route, call, deps);
  switch (fault?.type) {
    case "returnCode": {
      // A scripted LINE answer: the handler never runs, so nothing changes and no lock is taken.
      const scripted = envelope(
        fault.returnCode,
        fault.returnMessage ?? defaultReturnMessage(fault.returnCode),
        fault.info,
      );
      return respond(res, deps, route, target, scripted, latencyMs + (fault.delayMs ?? 0));
    }
    case "http500":
    case "reset":
      // Infrastructure failing before LINE processed anything: no state change, no global latency.
      await delay(fault.delayMs ?? 0);
      logCall(deps, route, target, fault.type);
      return fault.type === "http500" ? sendGatewayError(res) : dropConnection(res);
  }

  const lock = route.lock?.(call);
  if (lock && !deps.store.tryLock(lock.key))
    return respond(res, deps, route, target, lock.busy, latencyMs);
  try {
    // The latency (plus a `delay` fault) is processing time: the lock is held during it, so
    // overlapping calls collide. The handler runs afterwards even if the client gave up meanwhile,
    // which is exactly the "timed out but the money moved" case.
    await delay(latencyMs + (fault?.type === "delay" ? fault.ms : 0));
    const result = await route.handle(call, deps);
    if (fault?.type === "commitThenDrop") {
      logCall(deps, route, target, `${result.returnCode} (committed, connection dropped)`);
      return dropConnection(res);
    }
    return respond(res, deps, route, target, result, 0);
  } catch (error) {
    deps.config.log(
      `internal error in ${route.endpoint}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return respond(res, deps, route, target, envelope("9000", "Internal error."), 0);
  } finally {
    if (lock) deps.store.unlock(lock.key);
  }
}

/** Consults the fault registry; skipped entirely (no describe lookups) while it is empty. */
function takeFault(route: ApiRoute, call: ApiCall, deps: ApiDeps): FaultAction | undefined {
  const { faults } = deps.store;
  if (faults.size === 0) return undefined;
  const query: OutcomeQuery = {
    endpoint: route.endpoint,
    channelId: call.channel.channelId,
    ...call.params,
    ...route.describe?.(call, deps),
  };
  return faults.take(query);
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function parseJsonBody(req: IncomingMessage, raw: Buffer): unknown {
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  const type = req.headers["content-type"];
  if (type && !/json/i.test(type))
    return new Error(`JSON data format error: Content-Type must be application/json, got ${type}.`);
  try {
    return parseLossless(text);
  } catch (error) {
    return new Error(
      `JSON data format error: ${error instanceof Error ? error.message : "unparseable body"}.`,
    );
  }
}

async function respond(
  res: ServerResponse,
  deps: ApiDeps,
  route: ApiRoute,
  target: RequestTarget,
  body: Envelope,
  latencyMs: number,
): Promise<void> {
  await delay(latencyMs);
  logCall(deps, route, target, body.returnCode);
  if (clientIsGone(res)) return;
  sendJson(res, 200, stringifyEnvelope(body));
}

function logCall(deps: ApiDeps, route: ApiRoute, target: RequestTarget, outcome: string): void {
  // regKeys are credentials: logs only ever show their first characters.
  const path = target.path.replace(
    /\/preapprovedPay\/([^/]+)/,
    (_, key: string) => `/preapprovedPay/${maskRegKey(key)}`,
  );
  deps.config.log(`${route.method} ${path} ${route.endpoint} -> ${outcome}`);
}

function sendNotFound(res: ServerResponse, path: string): void {
  const version = /^\/(v\d+)\//.exec(path)?.[1];
  if (version && version !== "v3") {
    return sendHttpError(
      res,
      404,
      "unsupported_api_version",
      `LINE Pay API ${version} is not implemented by this sandbox; it emulates Online API v3 (/v3/...).`,
    );
  }
  sendHttpError(
    res,
    404,
    "not_found",
    `No LINE Pay v3 endpoint at ${path}. See lib/linepay-sandbox/README.md.`,
  );
}
