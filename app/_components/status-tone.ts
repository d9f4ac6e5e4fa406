// The one place a status word gets its colour: every badge of the shop, the account and the back
// office asks here (the words stay the catalogue's). Green for money in or a live subscription,
// amber for what needs a look, red for refusals and what ends unless someone acts, grey for closed
// ones. Unknown codes read neutral, never alarming.
import type { BadgeProps } from "./ui/badge";

export type StatusTone = NonNullable<BadgeProps["tone"]>;
export type StatusKind = "order" | "subscription" | "period" | "attempt" | "refund" | "notice";

const TONES: Record<StatusKind, Record<string, StatusTone>> = {
  order: {
    PENDING: "info",
    CONFIRMING: "info",
    UNKNOWN: "warn",
    AUTHORIZED: "info",
    VOIDED: "neutral",
    PAID: "success",
    PARTIALLY_REFUNDED: "info",
    REFUNDED: "neutral",
    CANCELED: "neutral",
    FAILED: "danger",
    EXPIRED: "neutral",
  },
  subscription: {
    INCOMPLETE: "info",
    ACTIVE: "success",
    // Still retrying by itself: worth a look. A dead authorization ends unless the shopper acts.
    PAST_DUE: "warn",
    NEEDS_REBIND: "danger",
    CANCELED: "neutral",
    EXPIRED: "neutral",
  },
  period: { OPEN: "info", PAID: "success", UNPAID: "danger" },
  attempt: {
    PENDING: "info",
    SUCCEEDED: "success",
    DECLINED: "danger",
    REGKEY_DEAD: "danger",
    UNKNOWN: "warn",
    NOT_CHARGED: "neutral",
  },
  refund: { PENDING: "info", SUCCEEDED: "success", FAILED: "danger", UNKNOWN: "warn" },
  notice: {
    PENDING: "info",
    CLAIMED: "info",
    SENT: "success",
    FAILED: "warn",
    UNDELIVERABLE: "danger",
    WITHDRAWN: "neutral",
  },
};

export function statusTone(kind: StatusKind, status: string): StatusTone {
  return TONES[kind][status] ?? "neutral";
}
