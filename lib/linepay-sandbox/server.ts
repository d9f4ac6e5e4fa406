// Local stand-in for the LINE Pay Online API v3 (api + payment page + control API) on one port.
// Standalone on purpose: imports nothing from the app, so any LINE Pay v3 client can use it.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EMULATOR_STYLESHEET_PATH, serveEmulatorStylesheet } from "../brand/emulator-stylesheet";
import { handleApiRequest, type ApiRoute } from "./api-router";
import { createSandboxClock, type SandboxClock } from "./clock";
import { BodyTooLargeError, parseRequestTarget, sendHttpError } from "./http-io";
import {
  DEFAULT_AUTHORIZATION_TTL_MS,
  DEFAULT_REG_KEY_TTL_MS,
  DEFAULT_RESERVATION_TTL_MS,
  resolveChannels,
  type SandboxConfig,
  type SandboxOptions,
} from "./options";
import { handlePaymentPage, isPaymentPagePath } from "./payment-page";
import { authorizationRoutes } from "./routes-authorization";
import { confirmRoutes } from "./routes-confirm";
import { handleControlRequest } from "./routes-control";
import { detailsRoutes } from "./routes-details";
import { preapprovedRoutes } from "./routes-preapproved";
import { refundRoutes } from "./routes-refund";
import { requestRoutes } from "./routes-request";
import { SandboxStore } from "./store";

export type { SandboxChannel, SandboxOptions } from "./options";
export type { FaultRegistry, FaultRuleView } from "./fault-registry";
export type { FaultAction, FaultMatch, FaultRuleInput } from "./fault-schema";
export type { EndpointName, OutcomeRule, ScriptedOutcome } from "./outcomes";

export interface SandboxHandle {
  /** Where the server listens, e.g. http://127.0.0.1:54321. */
  url: string;
  port: number;
  /** Base URL used in paymentUrl.web. */
  publicUrl: string;
  store: SandboxStore;
  /** Fault rules (same registry as store.faults and POST /__sandbox/faults). */
  faults: SandboxStore["faults"];
  clock: SandboxClock;
  close(): Promise<void>;
}

/** This folder: its page classes make the payment page's stylesheet. */
const PAGES_DIR = fileURLToPath(new URL(".", import.meta.url));

const API_ROUTES: ApiRoute[] = [
  ...requestRoutes,
  ...confirmRoutes,
  ...authorizationRoutes,
  ...refundRoutes,
  ...detailsRoutes,
  ...preapprovedRoutes,
];

export async function startSandbox(options: SandboxOptions): Promise<SandboxHandle> {
  const clock = createSandboxClock(options.clock);
  const store = new SandboxStore(clock, {
    reservationTtlMs: options.reservationTtlMs ?? DEFAULT_RESERVATION_TTL_MS,
    authorizationTtlMs: options.authorizationTtlMs ?? DEFAULT_AUTHORIZATION_TTL_MS,
    regKeyTtlMs: options.regKeyTtlMs ?? DEFAULT_REG_KEY_TTL_MS,
  });
  const config: SandboxConfig = {
    channels: resolveChannels(options.channels),
    latencyMs: options.latencyMs ?? 0,
    controlApi: options.controlApi ?? true,
    serverConfirmTimeouts: options.serverConfirmTimeouts ?? { connectMs: 5_000, readMs: 20_000 },
    log: options.log ?? (() => {}),
    publicUrl: "",
  };
  const deps = { store, config };

  const server = createServer((req, res) => {
    dispatch(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError)
        return sendHttpError(res, 413, "payload_too_large", error.message);
      config.log(`unhandled error: ${error instanceof Error ? error.message : String(error)}`);
      sendHttpError(res, 500, "internal_error", "sandbox internal error");
    });
  });

  async function dispatch(req: IncomingMessage, res: ServerResponse) {
    const target = parseRequestTarget(req.url ?? "/");
    if (target.path === "/__sandbox" || target.path.startsWith("/__sandbox/")) {
      if (!config.controlApi)
        return sendHttpError(res, 404, "not_found", "the sandbox control API is disabled");
      return handleControlRequest(req, res, target, deps);
    }
    if (isPaymentPagePath(target.path)) return handlePaymentPage(req, res, target, deps);
    if (target.path === EMULATOR_STYLESHEET_PATH && req.method === "GET")
      return serveEmulatorStylesheet(res, PAGES_DIR);
    return handleApiRequest(req, res, target, API_ROUTES, deps);
  }

  // Keep idle connections longer than clients do (undici: 4 s), like LINE's load balancers, so a
  // client never reuses a socket the sandbox is closing at that moment (a spurious "unknown").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  config.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");

  return {
    url,
    port,
    publicUrl: config.publicUrl,
    store,
    faults: store.faults,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
