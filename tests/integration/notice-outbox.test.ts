// The outbox is written with the money state that causes it: one receipt per paid order (pass,
// first period, renewal), one notice per refund, a failure notice per declined renewal with the
// retry date and grace end, and one "ended" notice, each in the shopper's language. Real SQLite and
// Postgres, the LINE Pay sandbox over HTTP, a movable app clock.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { queueRenewalReminders } from "@/lib/db/renewal-reminder-repository";
import { withdrawStaleNotices } from "@/lib/db/notice-withdrawal";
import { setRemindersByEmail, setUserLocale } from "@/lib/db/user-repository";
import { cancelSubscription } from "@/lib/subscriptions/manage-subscription";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { DAY_MS, movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] notice outbox", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  const noticesOf = (userId: string) =>
    h.database.db.notice.findMany({ where: { userId }, orderBy: { createdAt: "asc" } });

  it("a paid pass gets one receipt in the shopper's language; a replayed confirm adds none", async () => {
    const deps = h.deps;
    const shopper = await h.createShopper();
    await setUserLocale(deps.db, { id: shopper.id }, "zh-TW");
    const started = await startCheckout(deps, { userId: shopper.id, planCode: "vip-30" });
    const order = await deps.db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    const back = redirectParams(
      (await h.shopperAction(order.transactionId as string, "approve")).redirectUrl,
    );
    expect((await confirmCheckout(deps, back)).status).toBe("PAID");
    await confirmCheckout(deps, back);
    const notices = await noticesOf(shopper.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({
      kind: "payment-receipt",
      dedupeKey: `payment-receipt:${order.id}`,
      locale: "zh-TW",
      orderId: order.id,
      state: "PENDING",
      attempts: 0,
    });
    expect(JSON.parse(notices[0]!.payload)).toMatchObject({
      orderId: order.orderId,
      planCode: "vip-30",
      amountMinor: order.amountMinor,
      currency: "TWD",
      providerReference: order.transactionId,
    });
    expect(notices[0]!.messageId).toMatch(/^<[0-9a-f]{32}@notices\.vip\.local>$/);

    // A partial refund: its own notice, once.
    const refund = await refundOrder(
      { db: deps.db, payments: deps.payments, now: deps.now },
      {
        merchantOrderId: order.orderId,
        amountMinor: 10,
        reason: "Goodwill",
        idempotencyKey: `notice-refund-${order.id}`,
        actor: "admin:test",
        actorLabel: "admin@example.com",
      },
    );
    if (refund.kind !== "settled") throw new Error(`refund ${refund.kind}`);
    const after = await noticesOf(shopper.id);
    expect(after.map((n) => n.kind)).toEqual(["payment-receipt", "refund-receipt"]);
    expect(after[1]).toMatchObject({ orderId: order.id, locale: "zh-TW" });
    expect(after[1]!.dedupeKey).toBe(`refund-receipt:${refund.refund.id}`);
    expect(JSON.parse(after[1]!.payload)).toMatchObject({ amountMinor: 10, currency: "TWD" });
  });

  it("declined renewals tell when the next try is and when VIP ends; the last one says it ended", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription, order } = await subscribe(h, deps);
    const regKey = (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: { regKey: string }[];
      }
    ).regKeys.at(-1)?.regKey as string;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey },
      action: { type: "returnCode", returnCode: "1281" },
    });
    const due = (subscription.currentPeriodEnd as Date).getTime();
    for (const hours of [0, 24, 72, 120]) {
      clock.set(new Date(due + hours * 3600_000 + 1000));
      await renew(deps);
    }
    const notices = await noticesOf(shopper.id);
    expect(notices.map((n) => n.kind)).toEqual([
      "payment-receipt",
      "renewal-failed",
      "renewal-failed",
      "renewal-failed",
      "subscription-ended",
    ]);
    expect(notices[0]!.orderId).toBe(order.id);
    const failed = notices.slice(1, 4).map((n) => JSON.parse(n.payload));
    expect(failed.map((p) => p.nextRetryAt)).toEqual(
      [24, 72, 120].map((hours) => new Date(due + hours * 3600_000).toISOString()),
    );
    expect(failed.every((p) => p.graceUntil === new Date(due + 7 * DAY_MS).toISOString())).toBe(
      true,
    );
    expect(notices.every((n) => n.locale === "en" && n.subscriptionId === subscription.id)).toBe(
      true,
    );
    const ended = await deps.db.subscription.findUniqueOrThrow({ where: { id: subscription.id } });
    expect(ended.status).toBe("EXPIRED");
    // Another run finds nothing to do and writes nothing.
    await renew(deps);
    expect(await deps.db.notice.count({ where: { userId: shopper.id } })).toBe(5);
  });
  it("a renewal reminder is queued once, three days before a monthly charge; not once cancelled or turned off", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { shopper, subscription } = await subscribe(h, deps);
    const second = await subscribe(h, deps);
    const optedOut = await subscribe(h, deps);
    await setRemindersByEmail(deps.db, optedOut.shopper.id, false);
    const chargeAt = (subscription.currentPeriodEnd as Date).getTime();
    const reminders = (userId: string) =>
      deps.db.notice.findMany({ where: { userId, kind: "renewal-reminder" } });
    clock.set(new Date(chargeAt - 4 * DAY_MS));
    await queueRenewalReminders(deps.db, clock.now());
    expect(await reminders(shopper.id)).toEqual([]);
    await cancelSubscription(deps, {
      userId: second.shopper.id,
      subscriptionId: second.subscription.id,
    });
    clock.set(new Date(chargeAt - 2 * DAY_MS));
    await queueRenewalReminders(deps.db, clock.now());
    await queueRenewalReminders(deps.db, clock.now());
    const [reminder, ...more] = await reminders(shopper.id);
    expect(more).toEqual([]);
    expect(reminder?.dedupeKey).toBe(
      `renewal-reminder:${subscription.id}:${subscription.currentPeriodIndex}`,
    );
    expect(JSON.parse(reminder!.payload)).toMatchObject({
      amountMinor: subscription.amountMinor,
      currency: "TWD",
      chargeAt: new Date(chargeAt).toISOString(),
      interval: "MONTH",
    });
    expect(await reminders(second.shopper.id)).toEqual([]);
    expect(await reminders(optedOut.shopper.id)).toEqual([]);

    // Cancelled after the reminder was queued but before it went out: it is withdrawn, not sent.
    await cancelSubscription(deps, { userId: shopper.id, subscriptionId: subscription.id });
    expect(await withdrawStaleNotices(deps.db, clock.now())).toBeGreaterThanOrEqual(1);
    expect(await reminders(shopper.id)).toMatchObject([
      { state: "WITHDRAWN", lastError: "The subscription will not renew" },
    ]);
  });
});
