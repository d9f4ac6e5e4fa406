// Back-office refunds against a real database (SQLite and Postgres) and the sandbox over HTTP:
// partial then full refunds agree with the sandbox's ledger, a double submit refunds once, an
// over-refund never reaches LINE Pay, a lost answer is settled by verification, a retry answered
// 1164/1165 is verified against LINE Pay's refund list rather than booked as refused, and every
// step leaves an audit entry the database will not let anyone change.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refundOrder } from "@/lib/admin/refund-order";
import { PENDING_REFUND_SETTLE_AFTER_MS, verifyOrderRefunds } from "@/lib/admin/verify-refunds";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

const ADMIN = { actor: "admin:test-admin", actorLabel: "admin@example.com" };
let keySeq = 0;
const newKey = () => `refund-key-${Date.now()}-${++keySeq}`;

describe.each(PROVIDERS)("[%s] admin refunds", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  const refundDeps = () => ({
    db: h.database.db,
    payments: h.deps.payments,
    now: () => new Date(),
  });

  async function paidOrder(planCode = "vip-90") {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode,
      preferAppUrl: false,
    });
    const pending = await h.database.db.order.findUniqueOrThrow({
      where: { orderId: started.orderId },
    });
    const back = redirectParams(
      (await h.shopperAction(pending.transactionId!, "approve")).redirectUrl,
    );
    const order = await confirmCheckout(h.deps, back);
    expect(order.status).toBe("PAID");
    return order;
  }

  async function sandboxRefunds(transactionId: string) {
    const entry = (await h.ledger()).transactions.find((t) => t.transactionId === transactionId);
    return (entry?.refunds ?? []) as Array<{ amount: number }>;
  }

  const orderRow = (orderId: string) =>
    h.database.db.order.findUniqueOrThrow({ where: { orderId } });

  it("refunds part of an order, then the rest; the sandbox agrees and the VIP pass ends at the full refund", async () => {
    const order = await paidOrder("vip-90"); // 750 TWD
    const partial = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 250,
      reason: "Goodwill",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(partial.kind).toBe("settled");
    expect(partial.kind === "settled" && partial.refund.status).toBe("SUCCEEDED");
    let row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual([
      "PARTIALLY_REFUNDED",
      250,
      0,
    ]);
    expect(
      (
        await h.database.db.entitlement.findUniqueOrThrow({ where: { orderId: row.id } })
      ).endsAt.getTime(),
    ).toBeGreaterThan(Date.now());

    const rest = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 500,
      reason: "Shopper asked",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(rest.kind === "settled" && rest.refund.status).toBe("SUCCEEDED");
    row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["REFUNDED", 750, 0]);
    expect(
      (
        await h.database.db.entitlement.findUniqueOrThrow({ where: { orderId: row.id } })
      ).endsAt.getTime(),
    ).toBeLessThanOrEqual(Date.now());

    const refunds = await sandboxRefunds(order.transactionId!);
    expect(refunds.map((r) => Math.abs(r.amount)).sort((a, b) => a - b)).toEqual([250, 500]);
    const refundRows = await h.database.db.refund.findMany({
      where: { orderId: row.id },
      orderBy: { createdAt: "asc" },
    });
    expect(refundRows.map((r) => [r.amountMinor, r.status, r.reason])).toEqual([
      [250, "SUCCEEDED", "Goodwill"],
      [500, "SUCCEEDED", "Shopper asked"],
    ]);
    const audit = await h.database.db.auditEntry.findMany({
      where: { targetType: "ORDER", targetId: order.orderId },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    });
    const actions = audit.map((a) => a.action);
    expect(actions.filter((a) => a === "order.refund.requested")).toHaveLength(2);
    expect(actions.filter((a) => a === "order.refund.succeeded")).toHaveLength(2);
    const final = audit
      .filter((a) => a.action === "order.status")
      .map((a) => JSON.parse(a.after ?? "{}").status);
    expect(final).toEqual(["CONFIRMING", "PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
    expect(audit.find((a) => a.action === "order.refund.requested")?.actorLabel).toBe(
      "admin@example.com",
    );
  });

  it("a double-submitted refund (same form, twice at once) refunds once", async () => {
    const order = await paidOrder("vip-30"); // 300 TWD
    const key = newKey();
    const input = {
      merchantOrderId: order.orderId,
      amountMinor: 100,
      reason: "Double click",
      idempotencyKey: key,
      ...ADMIN,
    };
    const results = await Promise.all([
      refundOrder(refundDeps(), input),
      refundOrder(refundDeps(), input),
    ]);
    expect(results.map((r) => r.kind).sort()).toEqual(["replayed", "settled"]);
    const again = await refundOrder(refundDeps(), input);
    expect(again.kind).toBe("replayed");
    expect(await sandboxRefunds(order.transactionId!)).toHaveLength(1);
    const row = await orderRow(order.orderId);
    expect([row.refundedMinor, row.refundPendingMinor, row.status]).toEqual([
      100,
      0,
      "PARTIALLY_REFUNDED",
    ]);
    expect(await h.database.db.refund.count({ where: { orderId: row.id } })).toBe(1);
  });

  it("refuses an over-refund before calling LINE Pay, and two racing refunds never exceed what was paid", async () => {
    const order = await paidOrder("vip-30"); // 300 TWD
    const over = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 301,
      reason: "Too much",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(over).toMatchObject({
      kind: "refused",
      refusal: { code: "OVER_REFUND", refundableMinor: 300 },
    });
    const row = await orderRow(order.orderId);
    expect(
      await h.database.db.paymentEvent.count({
        where: { orderId: row.id, endpoint: "refundPayment" },
      }),
    ).toBe(0);
    expect(await h.database.db.refund.count({ where: { orderId: row.id } })).toBe(0);

    // Two different refunds of 200 each against 300 paid: exactly one may go through.
    const racing = await Promise.all(
      [1, 2].map(() =>
        refundOrder(refundDeps(), {
          merchantOrderId: order.orderId,
          amountMinor: 200,
          reason: "Race",
          idempotencyKey: newKey(),
          ...ADMIN,
        }),
      ),
    );
    expect(racing.map((r) => r.kind).sort()).toEqual(["refused", "settled"]);
    expect(await sandboxRefunds(order.transactionId!)).toHaveLength(1);
    expect((await orderRow(order.orderId)).refundedMinor).toBe(200);
  });

  it("refuses refunds of orders that were never paid", async () => {
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const result = await refundOrder(refundDeps(), {
      merchantOrderId: started.orderId,
      amountMinor: 100,
      reason: "x",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(result).toMatchObject({ kind: "refused", refusal: { code: "NOT_PAID" } });
  });

  it("a refund whose answer is lost stays UNKNOWN with the amount reserved, and verification settles it from LINE Pay's record", async () => {
    const order = await paidOrder("vip-90");
    h.sandbox.faults.add({
      match: { endpoint: "refund", transactionId: order.transactionId! },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const lost = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 300,
      reason: "Lost answer",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(lost.kind).toBe("unknown");
    let row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["PAID", 0, 300]);
    // The reservation holds: the remaining 450 can be refunded, 451 cannot.
    const tooMuch = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 451,
      reason: "x",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(tooMuch).toMatchObject({
      kind: "refused",
      refusal: { code: "OVER_REFUND", refundableMinor: 450 },
    });

    const verified = await verifyOrderRefunds(refundDeps(), row, ADMIN);
    expect(verified).toEqual({ checked: 1, succeeded: 1, failed: 0, waiting: 0 });
    row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual([
      "PARTIALLY_REFUNDED",
      300,
      0,
    ]);
    const refund = await h.database.db.refund.findFirstOrThrow({ where: { orderId: row.id } });
    expect(refund.status).toBe("SUCCEEDED");
    expect(refund.refundTransactionId).toMatch(/^\d{19}$/);
  });

  it("a refund LINE Pay refused outright releases its reservation", async () => {
    const order = await paidOrder("vip-30");
    // 1163: the refund period is over. (1164/1165 are no refusal: see the tests below.)
    h.sandbox.faults.add({
      match: { endpoint: "refund", transactionId: order.transactionId! },
      action: { type: "returnCode", returnCode: "1163" },
      times: 1,
    });
    const result = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 300,
      reason: "Refused",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(result.kind === "settled" && [result.refund.status, result.refund.failureCode]).toEqual([
      "FAILED",
      "1163",
    ]);
    const row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["PAID", 0, 0]);
    expect(await sandboxRefunds(order.transactionId!)).toHaveLength(0);
  });

  /** A refund LINE Pay made whose answer never reached our books (an earlier call of ours, lost). */
  async function lostEarlierRefund(
    order: { id: string; transactionId: string | null },
    amountMinor: number,
  ) {
    h.sandbox.faults.add({
      match: { endpoint: "refund", transactionId: order.transactionId! },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    await expect(
      h.deps.payments
        .gatewayFor("LINEPAY")
        .refundPayment(
          order.transactionId!,
          { amountMinor, currency: "TWD" },
          { orderRowId: order.id },
        ),
    ).rejects.toMatchObject({ outcome: "unknown" });
  }

  it("a retried refund answered 1165 (already refunded) stays UNKNOWN, and LINE Pay's refund list settles it: refunded once", async () => {
    const order = await paidOrder("vip-30"); // 300 TWD
    await lostEarlierRefund(order, 300);
    const retried = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 300,
      reason: "Retry",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(retried.kind).toBe("unknown");
    expect(
      retried.kind === "unknown" && [retried.refund.status, retried.refund.failureCode],
    ).toEqual(["UNKNOWN", "1165"]);
    let row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["PAID", 0, 300]);

    expect(await verifyOrderRefunds(refundDeps(), row, ADMIN)).toEqual({
      checked: 1,
      succeeded: 1,
      failed: 0,
      waiting: 0,
    });
    row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["REFUNDED", 300, 0]);
    const refunds = await sandboxRefunds(order.transactionId!);
    expect(refunds.map((r) => Math.abs(r.amount))).toEqual([300]);
    const refund = await h.database.db.refund.findFirstOrThrow({ where: { orderId: row.id } });
    expect(refund.status).toBe("SUCCEEDED");
    expect(refund.refundTransactionId).toMatch(/^\d{19}$/);
  });

  it("a retried refund answered 1164 (exceeds refundable) is settled from LINE Pay's record, and the rest refunds normally", async () => {
    const order = await paidOrder("vip-90"); // 750 TWD
    await lostEarlierRefund(order, 500);
    const retried = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 500,
      reason: "Retry",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(
      retried.kind === "unknown" && [retried.refund.status, retried.refund.failureCode],
    ).toEqual(["UNKNOWN", "1164"]);
    // The 500 stays reserved: only 250 more may be asked for meanwhile.
    const tooMuch = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 251,
      reason: "x",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(tooMuch).toMatchObject({
      kind: "refused",
      refusal: { code: "OVER_REFUND", refundableMinor: 250 },
    });

    expect(await verifyOrderRefunds(refundDeps(), await orderRow(order.orderId), ADMIN)).toEqual({
      checked: 1,
      succeeded: 1,
      failed: 0,
      waiting: 0,
    });
    let row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual([
      "PARTIALLY_REFUNDED",
      500,
      0,
    ]);
    const rest = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 250,
      reason: "Rest",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(rest.kind === "settled" && rest.refund.status).toBe("SUCCEEDED");
    row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["REFUNDED", 750, 0]);
    expect((await sandboxRefunds(order.transactionId!)).map((r) => Math.abs(r.amount))).toEqual([
      500, 250,
    ]);
  });

  it("1165 with no refund at LINE Pay is verified too: the refund list shows none, so it fails and the reservation is released", async () => {
    const order = await paidOrder("vip-30");
    h.sandbox.faults.add({
      match: { endpoint: "refund", transactionId: order.transactionId! },
      action: { type: "returnCode", returnCode: "1165" },
      times: 1,
    });
    const result = await refundOrder(refundDeps(), {
      merchantOrderId: order.orderId,
      amountMinor: 300,
      reason: "Books disagree",
      idempotencyKey: newKey(),
      ...ADMIN,
    });
    expect(result.kind === "unknown" && [result.refund.status, result.refund.failureCode]).toEqual([
      "UNKNOWN",
      "1165",
    ]);
    expect((await orderRow(order.orderId)).refundPendingMinor).toBe(300);
    // Unlisted and recent: LINE Pay might still be processing it, so nothing is concluded yet.
    expect(await verifyOrderRefunds(refundDeps(), await orderRow(order.orderId), ADMIN)).toEqual({
      checked: 1,
      succeeded: 0,
      failed: 0,
      waiting: 1,
    });
    const later = {
      ...refundDeps(),
      now: () => new Date(Date.now() + PENDING_REFUND_SETTLE_AFTER_MS + 60_000),
    };
    expect(await verifyOrderRefunds(later, await orderRow(order.orderId), ADMIN)).toEqual({
      checked: 1,
      succeeded: 0,
      failed: 1,
      waiting: 0,
    });
    const row = await orderRow(order.orderId);
    expect([row.status, row.refundedMinor, row.refundPendingMinor]).toEqual(["PAID", 0, 0]);
    expect(await sandboxRefunds(order.transactionId!)).toHaveLength(0);
  });

  it("the audit log is append-only: the database refuses updates and deletes", async () => {
    const db = h.database.db;
    const entry = await db.auditEntry.findFirstOrThrow();
    const count = await db.auditEntry.count();
    // Prisma words SQLite's trigger error as a constraint violation; the raw statements show the reason.
    await expect(
      db.auditEntry.update({ where: { id: entry.id }, data: { reason: "rewritten" } }),
    ).rejects.toThrow();
    await expect(db.auditEntry.delete({ where: { id: entry.id } })).rejects.toThrow();
    await expect(
      db.$executeRawUnsafe(`UPDATE "AuditEntry" SET "reason" = 'rewritten'`),
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditEntry"`)).rejects.toThrow(/append-only/);
    expect(await db.auditEntry.findUniqueOrThrow({ where: { id: entry.id } })).toEqual(entry);
    expect(await db.auditEntry.count()).toBe(count);
  });
});
