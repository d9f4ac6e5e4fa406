// The tone each back-office status is shown in (the words stay the catalogue's): green for money
// in or a live subscription, amber for what needs a look, red for refusals, grey for closed ones.
import type { BadgeProps } from "../../_components/ui/badge";

type Tone = NonNullable<BadgeProps["tone"]>;

const ORDER: Record<string, Tone> = {
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
};

const SUBSCRIPTION: Record<string, Tone> = {
  ACTIVE: "success",
  PAST_DUE: "warn",
  NEEDS_REBIND: "danger",
  CANCELED: "neutral",
  EXPIRED: "neutral",
  INCOMPLETE: "neutral",
};

const REFUND: Record<string, Tone> = {
  PENDING: "info",
  SUCCEEDED: "success",
  FAILED: "danger",
  UNKNOWN: "warn",
};

const PERIOD: Record<string, Tone> = { OPEN: "info", PAID: "success", UNPAID: "danger" };

const NOTICE: Record<string, Tone> = {
  PENDING: "info",
  CLAIMED: "info",
  SENT: "success",
  FAILED: "warn",
  UNDELIVERABLE: "danger",
  WITHDRAWN: "neutral",
};

const TONES = {
  order: ORDER,
  subscription: SUBSCRIPTION,
  refund: REFUND,
  period: PERIOD,
  notice: NOTICE,
};

/** The badge tone of a status code of one kind; an unknown code is neutral. */
export function statusTone(kind: keyof typeof TONES, status: string): Tone {
  return TONES[kind][status] ?? "neutral";
}
