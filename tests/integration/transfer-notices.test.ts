// ATM transfer notices on SQLite and Postgres, with the SinoPac emulator over HTTP and the local
// mail catcher over SMTP: the instructions are queued with the order's virtual account and mailed
// once (bank 807, the account, NT$ without decimals, the Taipei deadline); the reminder a day before
// the deadline is queued once, and never for an order paid or expired by then; the confirmed
// transfer gets its receipt.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { receiveCollectionNotification } from "@/lib/checkout/settle-collection-token";
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import { claimDueNotices, recordNoticeDelivery } from "@/lib/db/notice-repository";
import { transitionOrder } from "@/lib/db/order-repository";
import { queueTransferReminders } from "@/lib/db/transfer-notices";
import { withdrawStaleNotices } from "@/lib/db/notice-withdrawal";
import { setUserLocale } from "@/lib/db/user-repository";
import { startMailCatcher, type MailCatcher } from "@/lib/mail-emulator/server";
import { sendDueNotices } from "@/lib/notices/send-notices";
import { createSmtpMailer } from "@/lib/notices/smtp-mailer";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { AppDeps } from "@/lib/server/app-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import { startSinoPacSandbox, type SinoPacSandboxHandle } from "@/lib/sinopac-sandbox/server";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";
import { adminNote } from "@/lib/billing/status-reason";

const SHOP = {
  shopNo: "NA0000_002",
  keys: {
    a1: "0011223344556677",
    a2: "8899AABBCCDDEEFF",
    b1: "0123456789ABCDEF",
    b2: "FEDCBA9876543210",
  },
  keyId: "transfer-notices-test-key",
};
const HOUR = 3_600_000;

describe.each(PROVIDERS)("[%s] ATM transfer notices", (provider) => {
  let h: CheckoutHarness;
  let emulator: SinoPacSandboxHandle;
  let catcher: MailCatcher;
  let deps: AppDeps;

  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
    emulator = await startSinoPacSandbox({
      shops: [SHOP],
      tickIntervalMs: 0,
      atmAutoPayAfterMs: null,
    });
    emulator.context.backendBlocked.value = true;
    const gateway = createSinoPacGateway({
      db: h.database.db,
      shopNo: SHOP.shopNo,
      createClient: (onCall) =>
        createSinoPacClient({
          baseUrl: emulator.apiBaseUrl,
          shopNo: SHOP.shopNo,
          hashValues: SHOP.keys,
          keyId: SHOP.keyId,
          timeoutMs: 2_000,
          onCall,
        }),
    });
    deps = { ...h.deps, collections: { SINOPAC: gateway } };
  });
  afterAll(async () => {
    await emulator?.close();
    await catcher?.close();
    await h?.close();
  });
  beforeEach(() => catcher.mailbox.clear());

  const db = () => h.database.db;

  async function openTransfer(locale = "en") {
    const shopper = await h.createShopper();
    await setUserLocale(db(), { id: shopper.id }, locale);
    const { orderId } = await startTransferCheckout(deps, {
      userId: shopper.id,
      planCode: "vip-30",
    });
    const order = await db().order.findUniqueOrThrow({ where: { orderId } });
    return { shopper, order, payBy: order.payBy ?? new Date(0) };
  }

  async function runSender(now: Date) {
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: "VIP Club <no-reply@vip-club.local>",
    });
    try {
      return await sendDueNotices({
        senderId: `test-${randomUUID()}`,
        now: () => now,
        leaseMs: 60_000,
        context: { baseUrl: "http://shop.test" },
        claim: (input) => claimDueNotices(db(), input),
        record: (input) => recordNoticeDelivery(db(), input),
        mail: (message) => mailer.mail(message),
        queueDue: (at) => queueTransferReminders(db(), at),
        withdrawStale: (at) => withdrawStaleNotices(db(), at),
      });
    } finally {
      mailer.close();
    }
  }
  const noticesOf = (orderRowId: string) =>
    db().notice.findMany({ where: { orderId: orderRowId }, orderBy: { createdAt: "asc" } });

  it("queues the instructions with the virtual account and mails them once", async () => {
    const { shopper, order, payBy } = await openTransfer("zh-TW");
    const [notice, ...others] = await noticesOf(order.id);
    expect(others).toEqual([]);
    expect(notice).toMatchObject({
      kind: "transfer-instructions",
      dedupeKey: `transfer-instructions:${order.id}`,
      userId: shopper.id,
      locale: "zh-TW",
      state: "PENDING",
    });
    expect(JSON.parse(notice!.payload)).toEqual({
      orderId: order.orderId,
      planCode: "vip-30",
      planName: expect.any(String),
      amountMinor: order.amountMinor,
      currency: "TWD",
      bankCode: "807",
      virtualAccount: order.providerAccount,
      payBy: payBy.toISOString(),
    });

    const now = new Date();
    await runSender(now);
    await runSender(now);
    const mails = catcher.mailbox.list(shopper.email);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.deliveries).toBe(1);
    const text = mails[0]!.text;
    expect(text).toContain("永豐銀行（銀行代碼 807）");
    expect(text).toContain(order.providerAccount!.replace(/(\d{4})(?=\d)/g, "$1 "));
    expect(text).toContain(`NT$${order.amountMinor.toLocaleString("en")}`);
    expect(text).not.toMatch(/NT\$[\d,]+\.\d/);
    // The deadline on the Taipei clock: 23:59 that day.
    expect(text).toMatch(/轉帳期限: \d{4}年\d{1,2}月\d{1,2}日 晚上11:59/);
    expect(text).toContain(`http://shop.test/orders/${order.orderId}`);
    expect(await db().notice.findUniqueOrThrow({ where: { id: notice!.id } })).toMatchObject({
      state: "SENT",
      attempts: 1,
    });
  });

  it("reminds a day before the deadline, once, while the order still waits", async () => {
    const { shopper, order, payBy } = await openTransfer();
    const at = (hoursBeforeDeadline: number) =>
      new Date(payBy.getTime() - hoursBeforeDeadline * HOUR);
    await runSender(at(72)); // the instructions
    expect(await queueTransferReminders(db(), at(25))).toBe(0);
    // Other tests' open orders fall due at the same hour: count this order's notices.
    expect((await runSender(at(23))).queued).toBeGreaterThanOrEqual(1);
    expect(await runSender(at(22))).toMatchObject({ queued: 0, sent: 0 });
    expect(await queueTransferReminders(db(), at(1))).toBe(0);
    const reminders = (await noticesOf(order.id)).filter((n) => n.kind === "transfer-reminder");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      state: "SENT",
      dedupeKey: `transfer-reminder:${order.id}`,
    });
    const subjects = catcher.mailbox.list(shopper.email).map((mail) => mail.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects[0]).toMatch(/^Reminder: transfer NT\$[\d,]+ by /);
  });

  it("sends no reminder for a paid order, and the confirmed transfer gets its receipt", async () => {
    const { order, payBy } = await openTransfer();
    await fetch(`${emulator.url}/__sandbox/atm/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo: order.orderId }),
    });
    const token = emulator.store.deliveries.find((d) => d.orderNo === order.orderId)?.payToken;
    const settled = await receiveCollectionNotification(deps, {
      token: token ?? "",
      actor: "system:sinopac-notify",
    });
    expect(settled).toMatchObject({ kind: "paid" });
    expect(await queueTransferReminders(db(), new Date(payBy.getTime() - 23 * HOUR))).toBe(0);
    const kinds = (await noticesOf(order.id)).map((notice) => notice.kind);
    expect(kinds).toEqual(["transfer-instructions", "payment-receipt"]);
    const receipt = (await noticesOf(order.id))[1]!;
    expect(JSON.parse(receipt.payload)).toMatchObject({
      orderId: order.orderId,
      amountMinor: order.amountMinor,
      providerReference: order.transactionId,
    });
  });

  it("withdraws a reminder whose first delivery failed once the transfer arrives: never sent", async () => {
    const { shopper, order, payBy } = await openTransfer();
    const at = (hoursBeforeDeadline: number) =>
      new Date(payBy.getTime() - hoursBeforeDeadline * HOUR);
    await runSender(at(72)); // the instructions
    catcher.behaviour.refuseUntil = Number.MAX_SAFE_INTEGER;
    try {
      expect(await runSender(at(23))).toMatchObject({ retrying: 1, sent: 0 });
    } finally {
      catcher.behaviour.refuseUntil = 0;
    }
    await fetch(`${emulator.url}/__sandbox/atm/pay`, {
      method: "POST",
      body: JSON.stringify({ orderNo: order.orderId }),
    });
    const token = emulator.store.deliveries.find((d) => d.orderNo === order.orderId)?.payToken;
    await receiveCollectionNotification(deps, {
      token: token ?? "",
      actor: "system:sinopac-notify",
    });

    expect(await runSender(at(22))).toMatchObject({ withdrawn: 1, sent: 1 }); // the receipt
    const states = (await noticesOf(order.id)).map((n) => [n.kind, n.state]);
    expect(states.sort()).toEqual([
      ["payment-receipt", "SENT"],
      ["transfer-instructions", "SENT"],
      ["transfer-reminder", "WITHDRAWN"],
    ]);
    const subjects = catcher.mailbox.list(shopper.email).map((mail) => mail.subject);
    expect(subjects).toHaveLength(2);
    expect(subjects.some((subject) => subject.startsWith("Reminder"))).toBe(false);
    // Nothing withdrawn is claimed again, however late.
    expect(await runSender(at(-1))).toMatchObject({ claimed: 0, withdrawn: 0 });
  });

  it("sends no reminder for an expired order, nor once the deadline has passed", async () => {
    const first = await openTransfer();
    const second = await openTransfer();
    await transitionOrder(db(), {
      at: new Date(),
      id: first.order.id,
      from: "PENDING",
      to: "EXPIRED",
      actor: "test",
      reason: adminNote("The bank closed the account"),
    });
    // The same hour reminds the order still waiting (the rule applies) and skips the expired one.
    await queueTransferReminders(db(), new Date(second.payBy.getTime() - 23 * HOUR));
    expect((await noticesOf(second.order.id)).map((n) => n.kind)).toEqual([
      "transfer-instructions",
      "transfer-reminder",
    ]);
    const third = await openTransfer();
    expect(await queueTransferReminders(db(), new Date(third.payBy.getTime() + 60_000))).toBe(0);
    expect((await noticesOf(third.order.id)).map((n) => n.kind)).toEqual(["transfer-instructions"]);
    expect((await noticesOf(first.order.id)).map((n) => n.kind)).toEqual(["transfer-instructions"]);
  });
});
