// What the user does on the payment page (approve, cancel, fail), shared by the HTML buttons and
// the /__sandbox control API so scripts and browsers take exactly the same path.
import { notifyConfirmUrl, type NotificationResult } from "./confirm-notifier";
import type { SandboxConfig } from "./options";
import type { TransactionRecord } from "./records";
import type { TransactionState } from "./state-machine";
import type { SandboxStore } from "./store";

export type UserAction = "approve" | "cancel" | "fail";

export type UserActionResult =
  | {
      ok: true;
      transactionId: string;
      state: TransactionState;
      /** Where LINE would send the browser next (CLIENT approve, cancel); null when it would not. */
      redirectUrl: string | null;
      serverNotification?: NotificationResult;
    }
  | { ok: false; transactionId: string; state: TransactionState; error: string };

export async function applyUserAction(
  tx: TransactionRecord,
  action: UserAction,
  deps: { store: SandboxStore; config: SandboxConfig },
): Promise<UserActionResult> {
  if (tx.state !== "RESERVED") {
    return {
      ok: false,
      transactionId: tx.transactionId,
      state: tx.state,
      error: `payment is already ${tx.state}`,
    };
  }
  const { confirmUrl, cancelUrl, confirmUrlType } = tx.redirect;
  const params = { transactionId: tx.transactionId, orderId: tx.orderId };
  const done = (
    redirectUrl: string | null,
    serverNotification?: NotificationResult,
  ): UserActionResult => ({
    ok: true,
    transactionId: tx.transactionId,
    state: tx.state,
    redirectUrl,
    ...(serverNotification ? { serverNotification } : {}),
  });

  if (action === "fail") {
    deps.store.transition(tx, "FAILED", "user payment failed (simulated)");
    return done(null);
  }
  if (action === "cancel") {
    deps.store.transition(tx, "CANCELLED", "user cancelled on the payment page");
    const redirect =
      confirmUrlType !== "NONE" && cancelUrl ? appendParams(cancelUrl, params) : null;
    return done(redirect);
  }
  deps.store.transition(tx, "AUTHENTICATED", "user approved on the payment page");
  if (confirmUrlType === "CLIENT" && confirmUrl) return done(appendParams(confirmUrl, params));
  if (confirmUrlType === "SERVER" && confirmUrl) {
    return done(
      null,
      await notifyConfirmUrl(appendParams(confirmUrl, params), deps.config.serverConfirmTimeouts),
    );
  }
  return done(null);
}

/**
 * Appends the params LINE adds to confirmUrl/cancelUrl, with '?' or '&' as the URL needs, skipping
 * any the merchant already put in the URL. Plain string work, so the rest of the URL stays byte-identical.
 */
export function appendParams(url: string, params: Record<string, string>): string {
  const hashAt = url.indexOf("#");
  const base = hashAt < 0 ? url : url.slice(0, hashAt);
  const hash = hashAt < 0 ? "" : url.slice(hashAt);
  const queryAt = base.indexOf("?");
  const existing = new URLSearchParams(queryAt < 0 ? "" : base.slice(queryAt + 1));
  const added = Object.entries(params)
    .filter(([key]) => !existing.has(key))
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  if (added.length === 0) return url;
  const separator = queryAt < 0 ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&";
  return `${base}${separator}${added.join("&")}${hash}`;
}
