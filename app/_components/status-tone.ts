// The one place a status word gets its colour: every badge of the shop and the account (and any
// admin page that wants the same look) asks here. Unknown codes read neutral, never alarming.
import type { BadgeProps } from "./ui/badge";

export type StatusTone = NonNullable<BadgeProps["tone"]>;
export type StatusKind = "order" | "subscription" | "period" | "attempt";

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
    PAST_DUE: "danger",
    NEEDS_REBIND: "warn",
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
};

export function statusTone(kind: StatusKind, status: string): StatusTone {
  return TONES[kind][status] ?? "neutral";
}
