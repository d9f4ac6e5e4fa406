// Reasons stored as data (issue 14 part 3): real use cases on real databases (SQLite and
// Postgres) with the LINE Pay sandbox over HTTP write each status change and audit entry with its
// catalogue code and parameters beside the English wording, and the back office's readers give it
// back in the viewer's language; rows written before codes keep showing their stored text.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cancelNowByAdmin } from "@/lib/admin/manage-subscription-admin";
import { findAdminSubscriptionDetail } from "@/lib/db/admin-subscription-query";
import { listAuditEntries } from "@/lib/db/audit-repository";
import { listOrderStatusChanges } from "@/lib/db/order-repository";
import { storedReasonText } from "@/lib/i18n/status-reason-text";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] status reasons stored as code and parameters", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("an admin's cancel-now stores its code, the typed note as a parameter and the English text", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription } = await subscribe(h, deps);
    // The note is the admin's own text: kept verbatim, whatever characters it holds.
    const note = "客人來電 {0} it's 'fraud'";
    const who = { actor: "admin:reasons", actorLabel: "admin@example.com", reason: note };
    expect((await cancelNowByAdmin(deps, subscription.id, who)).kind).toBe("done");

    const change = await deps.db.subscriptionStatusChange.findFirstOrThrow({
      where: { subscriptionId: subscription.id, toStatus: "EXPIRED" },
    });
    expect(change).toMatchObject({
      fromStatus: "ACTIVE",
      actor: "admin:reasons",
      reason: `Cancelled now by an admin: ${note}`,
      reasonCode: "admin.cancel_now",
    });
    expect(JSON.parse(change.reasonParams ?? "null")).toEqual({ note });
    const audit = await deps.db.auditEntry.findFirstOrThrow({
      where: { targetId: subscription.id, actor: "admin:reasons" },
    });
    expect(audit).toMatchObject({
      action: "subscription.status",
      reason: change.reason,
      reasonCode: "admin.cancel_now",
      reasonParams: change.reasonParams,
    });

    // What the back office's subscription page reads, in Chinese.
    const detail = await findAdminSubscriptionDetail(deps.db, subscription.id);
    const shown = detail?.statusChanges.map((c) => storedReasonText(c, "zh-TW"));
    expect(shown).toContain(`管理員立即取消：${note}`);
    expect(detail?.audit.map((entry) => storedReasonText(entry, "zh-TW"))).toContain(
      `管理員立即取消：${note}`,
    );
  });

  it("a purchase's order history and a renewal decline carry their codes and parameters", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const { subscription, order } = await subscribe(h, deps);
    const orderChanges = await listOrderStatusChanges(deps.db, order.id);
    expect(orderChanges.map((c) => [c.toStatus, c.reasonCode, c.reason])).toEqual([
      ["CONFIRMING", "checkout.confirming", "Shopper approved on LINE Pay; confirming"],
      ["PAID", "checkout.confirmed", "LINE Pay confirmed the payment"],
    ]);
    expect(orderChanges.map((c) => storedReasonText(c, "zh-TW"))).toEqual([
      "顧客已在 LINE Pay 同意付款，確認中",
      "LINE Pay 已確認付款",
    ]);

    // Every renewal attempt declined: the last one ends the subscription with its code and counts.
    const ledger = (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
      regKeys: { regKey: string }[];
    };
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", regKey: ledger.regKeys.at(-1)?.regKey },
      action: { type: "returnCode", returnCode: "1281" },
    });
    const due = (subscription.currentPeriodEnd as Date).getTime();
    for (const hours of [0, 24, 72, 120]) {
      clock.set(new Date(due + hours * 3600_000 + 1000));
      await renew(deps);
    }
    const ended = await deps.db.subscriptionStatusChange.findFirstOrThrow({
      where: { subscriptionId: subscription.id, toStatus: "EXPIRED" },
    });
    expect(ended).toMatchObject({
      fromStatus: "PAST_DUE",
      reason: "Renewal declined (1281) on attempt 4 of 4; retries exhausted",
      reasonCode: "renewal.declined_exhausted",
    });
    expect(JSON.parse(ended.reasonParams ?? "null")).toEqual({
      code: "1281",
      attempt: 4,
      attempts: 4,
    });
    expect(storedReasonText(ended, "zh-TW")).toBe(
      "續訂扣款遭拒（1281），第 4 次（共 4 次），已無重試機會",
    );
    const firstDecline = await deps.db.subscriptionStatusChange.findFirstOrThrow({
      where: { subscriptionId: subscription.id, toStatus: "PAST_DUE" },
    });
    expect(firstDecline.reasonCode).toBe("renewal.declined_retry_code");
    expect(storedReasonText(firstDecline, "zh-TW")).toMatch(/^續訂扣款遭拒（1281），將於 .+ 重試$/);
  });

  it("an audit entry written before codes existed is shown as stored, in any language", async () => {
    const deps = h.depsWith({});
    const targetId = `legacy-${randomUUID()}`;
    // The audit log is append-only: an insert like the ones made before this change.
    await deps.db.auditEntry.create({
      data: {
        actor: "admin:old",
        actorLabel: "old@example.com",
        action: "order.status",
        targetType: "ORDER",
        targetId,
        reason: "Refunded 100 TWD (written by an older version)",
      },
    });
    const [entry] = await listAuditEntries(deps.db, { targetIds: [targetId] });
    expect(entry).toMatchObject({ reasonCode: null, reasonParams: null });
    expect(storedReasonText(entry ?? { reason: "" }, "zh-TW")).toBe(
      "Refunded 100 TWD (written by an older version)",
    );
  });
});
