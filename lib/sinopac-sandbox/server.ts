// Local stand-in for Bank SinoPac's QPay Web API (…/Nonce, …/Order), its hosted card page and a
// control API, on one port. Imports nothing from the app, so any QPay client can use it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EMULATOR_STYLESHEET_PATH, serveEmulatorStylesheet } from "../brand/emulator-stylesheet";
import { handleBridge, BRIDGE } from "./card-page";
import { createSandboxClock, type SandboxClock } from "./clock";
import type { ResolvedShop, SandboxContext } from "./context";
import { hashIdOf } from "./crypto";
import { FaultBook } from "./faults";
import { BodyTooLargeError, sendJson } from "./http-io";
import { handleNonce, handleOrder } from "./api";
import { NonceBook } from "./nonces";
import { DEFAULT_APPROVED_CARDS, type SinoPacSandboxOptions } from "./options";
import { handleControl, tick } from "./routes-control";
import { SandboxStore } from "./store";

export type { SinoPacSandboxOptions, SandboxShop } from "./options";
export { DECLINED_TEST_CARD, DEFAULT_APPROVED_CARDS } from "./options";

export interface SinoPacSandboxHandle {
  url: string;
  port: number;
  /** Base URL for the client: `${url}/funBIZ-Sbx/QPay.WebAPI/api`. */
  apiBaseUrl: string;
  store: SandboxStore;
  clock: SandboxClock;
  context: SandboxContext;
  tick(): Promise<void>;
  close(): Promise<void>;
}

const MINUTE = 60_000;
/** This folder: its page classes make the card page's stylesheet. */
const PAGES_DIR = fileURLToPath(new URL(".", import.meta.url));

export async function startSinoPacSandbox(
  options: SinoPacSandboxOptions,
): Promise<SinoPacSandboxHandle> {
  if (options.shops.length === 0) throw new Error("the SinoPac emulator needs at least one shop");
  const clock = createSandboxClock(options.clock);
  const shops = new Map<string, ResolvedShop>(
    options.shops.map((shop) => [shop.shopNo, { ...shop, hashId: hashIdOf(shop.keys) }]),
  );
  const ctx: SandboxContext = {
    shops,
    clock,
    store: new SandboxStore(),
    nonces: new NonceBook(clock, options.nonceTtlMs ?? MINUTE, options.bindNonceToIp ?? true),
    faults: new FaultBook(),
    backendBlocked: { value: false },
    config: {
      publicUrl: "",
      controlApi: options.controlApi ?? true,
      envelopeErrorShape: options.envelopeErrorShape ?? "json",
      atmAutoPayAfterMs:
        options.atmAutoPayAfterMs === undefined ? 5 * MINUTE : options.atmAutoPayAfterMs,
      backendRetryIntervalMs: options.backendRetryIntervalMs ?? 10 * MINUTE,
      backendMaxAttempts: options.backendMaxAttempts ?? 5,
      backendTimeoutMs: options.backendTimeoutMs ?? 10_000,
      notifyBackendForCards: options.notifyBackendForCards ?? true,
      approvedCards: options.approvedCards ?? DEFAULT_APPROVED_CARDS,
      log: options.log ?? (() => {}),
    },
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://emulator");
    const path = url.pathname;
    const run = async () => {
      if (path.startsWith("/__sandbox/") && ctx.config.controlApi)
        return handleControl(ctx, req, res, path);
      if (path.startsWith(BRIDGE)) return handleBridge(ctx, req, res, url);
      if (path === EMULATOR_STYLESHEET_PATH && req.method === "GET")
        return serveEmulatorStylesheet(res, PAGES_DIR);
      if (req.method === "POST" && path.endsWith("/Nonce")) return handleNonce(ctx, req, res);
      if (req.method === "POST" && path.endsWith("/Order")) return handleOrder(ctx, req, res);
      sendJson(res, 404, { error: "not found" });
    };
    run().catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: error.message });
      ctx.config.log(`unhandled: ${error instanceof Error ? error.message : String(error)}`);
      sendJson(res, 500, { error: "emulator internal error" });
    });
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host}:${port}`;
  ctx.config.publicUrl = (options.publicUrl ?? url).replace(/\/+$/, "");

  const interval = options.tickIntervalMs ?? 1_000;
  const timer =
    interval > 0 ? setInterval(() => void tick(ctx).catch(() => {}), interval) : undefined;
  timer?.unref();

  return {
    url,
    port,
    apiBaseUrl: `${url}/funBIZ-Sbx/QPay.WebAPI/api`,
    store: ctx.store,
    clock,
    context: ctx,
    tick: () => tick(ctx),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (timer) clearInterval(timer);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
