// Options accepted by startSinoPacSandbox. Behaviour the notes leave UNCONFIRMED is an option here
// rather than a hard-coded guess (error envelope shape, card BackendURL, ATM auto-pay delay).
import type { TimeSource } from "./clock";
import type { ShopKeys } from "./crypto";

export interface SandboxShop {
  shopNo: string;
  keys: ShopKeys;
  /** Expected X-KeyID header; undefined = not enforced. */
  keyId?: string;
}

/** How an envelope-level failure (bad Sign, nonce, X-KeyID, ShopNo) is answered; UNCONFIRMED. */
export type EnvelopeErrorShape = "json" | "text" | "http400";

export interface SinoPacSandboxOptions {
  port?: number;
  host?: string;
  /** Base of the hosted-page URLs handed to shoppers; defaults to the listening URL. */
  publicUrl?: string;
  shops: SandboxShop[];
  clock?: TimeSource;
  controlApi?: boolean;
  nonceTtlMs?: number;
  /** Bind each nonce to the IP that fetched it, as SinoPac does. Default true. */
  bindNonceToIp?: boolean;
  envelopeErrorShape?: EnvelopeErrorShape;
  /**
   * Sandbox ATM simulation: unpaid accounts pay themselves this long after creation (SinoPac's
   * sandbox: about 5 minutes), except order numbers ending in 9. null = only by the control API.
   */
  atmAutoPayAfterMs?: number | null;
  /** BackendURL schedule: every 10 minutes, 5 attempts in all (spec §7.4 as quoted). */
  backendRetryIntervalMs?: number;
  backendMaxAttempts?: number;
  backendTimeoutMs?: number;
  /** Also notify BackendURL after an approved card payment (UNCONFIRMED for AutoBilling=Y). */
  notifyBackendForCards?: boolean;
  /** PANs the hosted card page approves; any other number is declined, as in SinoPac's sandbox. */
  approvedCards?: string[];
  /** Wall-clock period of the scheduler (deliveries, auto-pay). 0 = only on /__sandbox/tick. */
  tickIntervalMs?: number;
  log?: (line: string) => void;
}

export const DEFAULT_APPROVED_CARDS = ["4000221111111111"];
export const DECLINED_TEST_CARD = "4000220000000002";
