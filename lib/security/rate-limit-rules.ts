// Every rate limit the app applies, in one place. Per-IP limits are loose enough for a shared
// office or carrier IP (and for the end-to-end suite, which signs everyone up from 127.0.0.1);
// the per-account limits are the tight ones.
import type { RateLimitRule } from "./rate-limit";

const MINUTE = 60_000;

export const RATE_LIMITS = {
  /** Every sign-in attempt from one IP: bounds password hashing work and credential stuffing. */
  signInPerIp: { name: "sign-in-ip", limit: 30, windowMs: MINUTE },
  /** Wrong passwords for one email: password guessing against one account. */
  signInFailuresPerEmail: { name: "sign-in-failures-email", limit: 5, windowMs: 15 * MINUTE },
  /** New accounts from one IP. */
  signUpPerIp: { name: "sign-up-ip", limit: 20, windowMs: MINUTE },
  /** "Forgot password" requests from one IP: bounds the emails one visitor can make us send. */
  passwordResetPerIp: { name: "password-reset-ip", limit: 10, windowMs: 15 * MINUTE },
  /** Reset emails to one address: a mailbox is not flooded; past it, requests are quietly dropped. */
  passwordResetPerEmail: { name: "password-reset-email", limit: 3, windowMs: 60 * MINUTE },
  /** Checkouts and re-binds started by one shopper: each one asks LINE Pay for a payment page. */
  checkoutPerUser: { name: "checkout-user", limit: 10, windowMs: 10 * MINUTE },
  /** LINE Pay's cancel redirect from one IP: it needs no session, so anyone may send it. */
  cancelLinkPerIp: { name: "cancel-link-ip", limit: 30, windowMs: MINUTE },
  /** LINE Pay lookups one order's cancel link may cause; more hits are answered from our state. */
  cancelLookupPerOrder: { name: "cancel-lookup-order", limit: 1, windowMs: 30_000 },
  /**
   * SinoPac's BackendURL calls from one address. Each unknown token costs an OrderPayQuery, so
   * anyone posting tokens is bounded. SinoPac sends one call per payment plus at most four retries
   * 10 minutes apart: even with every acknowledgement lost, 60 payments a minute stay under it.
   */
  sinopacNotifyPerIp: { name: "sinopac-notify-ip", limit: 300, windowMs: MINUTE },
} as const satisfies Record<string, RateLimitRule>;

/** Rows of windows older than this are deleted; it must exceed the longest window above. */
export const RATE_LIMIT_RETENTION_MS = 24 * 60 * MINUTE;
