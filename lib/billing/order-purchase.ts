// What a paid order buys, as plain data. The fulfilment (lib/subscriptions/order-fulfilment.ts)
// computes it from the order and the payment; the order repository applies it in the transaction
// that marks the order PAID, so a payment is never recorded without what it bought.
import type { BillingInterval } from "./billing-period";
import type { StatusReason } from "./status-reason";

/** failureCode of a PAID order whose charge bought nothing and is refunded automatically. */
export const CHARGE_NOT_APPLIED = "CHARGE_NOT_APPLIED";

/** A stored authorization (LINE Pay regKey) as the vault sealed it: never the key itself. */
export interface SealedRegKeyFields {
  regKeyCiphertext: string;
  regKeyKeyId: string;
  regKeyHint: string;
}

/** A subscription period the payment paid for. */
export interface PurchasedPeriod {
  subscriptionId: string;
  periodIndex: number;
  startsAt: Date;
  endsAt: Date;
  amountMinor: number;
  currency: string;
}

export type OrderPurchase =
  /**
   * A one-time pass: VIP for durationDays, placed after the time the shopper already owns
   * (lib/billing/vip-timeline.ts); a subscription's next period moves to start after it.
   */
  | { kind: "grant-pass"; userId: string; durationDays: number; timeZone: string }
  /**
   * The first period of a new (INCOMPLETE) subscription, placed after the time the shopper already
   * owns (so a subscription started during a pass starts where the pass ends). A null regKey means
   * none was issued to us.
   */
  | {
      kind: "first-period";
      subscriptionId: string;
      userId: string;
      interval: BillingInterval;
      amountMinor: number;
      currency: string;
      timeZone: string;
      regKey: SealedRegKeyFields | null;
      actor: string;
      reason: StatusReason;
    }
  /**
   * The due period of a subscription waiting for a new approval (NEEDS_REBIND). The stored regKey
   * is replaced (or cleared when none was issued); `replacedRegKeyCiphertext` is the one stored
   * when this was computed, expired at the provider only after the commit.
   */
  | {
      kind: "rebind-period";
      period: PurchasedPeriod;
      regKey: SealedRegKeyFields | null;
      replacedRegKeyCiphertext: string | null;
      /** The payment provider holding both regKeys. */
      provider: string;
      actor: string;
      reason: StatusReason;
    }
  /**
   * A charge that can no longer buy what it was for (a re-approval the subscription stopped waiting
   * for, say after another one paid the period): the order is recorded PAID with nothing granted,
   * and then refunded in full; a regKey issued with it is expired, never stored.
   */
  | {
      kind: "refund-unapplied";
      orderRowId: string;
      merchantOrderId: string;
      amountMinor: number;
      subscriptionId: string;
      provider: string;
      regKey: SealedRegKeyFields | null;
      reason: StatusReason;
    };
