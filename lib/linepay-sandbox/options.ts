// Options accepted by startSandbox and their defaults.
import type { TimeSource } from "./clock";

export interface SandboxChannel {
  channelId: string;
  channelSecret: string;
  /** The channel's one contracted currency (§5); requests in any other currency get 1178. */
  currency?: string;
  /** Shown on the payment page and returned as merchantName in Payment Details. */
  merchantName?: string;
}

export interface SandboxOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Interface to bind; 127.0.0.1 by default so the sandbox is never exposed by accident. */
  host?: string;
  /** Base URL put in paymentUrl.web; defaults to the URL the server listens on. */
  publicUrl?: string;
  channels: SandboxChannel[];
  /** Added to every LINE API response (not the HTML page or the control API). */
  latencyMs?: number;
  /** Base time source; the control API moves the sandbox clock relative to it. */
  clock?: TimeSource;
  /** Enables /__sandbox/* (approve/cancel/fail, ledger, clock, reset). Default true. */
  controlApi?: boolean;
  /** How long a reservation waits for approval + confirm (LINE: 20 minutes). */
  reservationTtlMs?: number;
  /** Lifetime of a capture=false authorization (contract dependent on LINE; default 7 days). */
  authorizationTtlMs?: number;
  /**
   * Lifetime of a regKey, counted from its last successful payment (default 730 days). LINE Pay
   * documents only that a regKey "has an expiration date" (ask LINE Pay); one merchant was told
   * 180 days after the last payment. Long enough here that a yearly plan renews in the demo.
   */
  regKeyTtlMs?: number;
  /** SERVER-mode confirmUrl call timeouts (LINE documents 5 s connect, 20 s read). */
  serverConfirmTimeouts?: { connectMs: number; readMs: number };
  /** One line per LINE API call; secrets and regKeys are never passed to it. */
  log?: (line: string) => void;
}

export interface ResolvedChannel {
  channelId: string;
  channelSecret: string;
  currency: string;
  merchantName: string;
}

export interface SandboxConfig {
  channels: Map<string, ResolvedChannel>;
  latencyMs: number;
  controlApi: boolean;
  serverConfirmTimeouts: { connectMs: number; readMs: number };
  log: (line: string) => void;
  /** Filled in once the server listens (the port may be random). */
  publicUrl: string;
}

export const DEFAULT_RESERVATION_TTL_MS = 20 * 60 * 1000;
export const DEFAULT_AUTHORIZATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const DEFAULT_REG_KEY_TTL_MS = 730 * 24 * 60 * 60 * 1000;

export function resolveChannels(channels: SandboxChannel[]): Map<string, ResolvedChannel> {
  if (channels.length === 0) throw new Error("startSandbox needs at least one channel");
  const map = new Map<string, ResolvedChannel>();
  for (const c of channels) {
    if (!c.channelId || !c.channelSecret)
      throw new Error("every channel needs channelId and channelSecret");
    map.set(c.channelId, {
      channelId: c.channelId,
      channelSecret: c.channelSecret,
      currency: c.currency ?? "TWD",
      merchantName: c.merchantName ?? "Sandbox Merchant",
    });
  }
  return map;
}
