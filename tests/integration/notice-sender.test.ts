// The notice sender against the local mail catcher over real SMTP, on SQLite and Postgres: a mail
// server that refuses for a while gets everything afterwards (retries back off and are recorded),
// and a sender process killed mid-batch and started again leaves every notice delivered exactly
// once to the catcher's mailbox (the resent one carries the same Message-ID).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlOf } from "@/lib/db/client";
import { enqueuePaymentReceipt } from "@/lib/db/notice-outbox";
import { claimDueNotices, recordNoticeDelivery } from "@/lib/db/notice-repository";
import { resendNotice } from "@/lib/db/notice-resend";
import { startMailCatcher, type MailCatcher } from "@/lib/mail-emulator/server";
import { sendDueNotices, type NoticeSenderDeps } from "@/lib/notices/send-notices";
import { createSmtpMailer } from "@/lib/notices/smtp-mailer";
import { generateKeyringEntry } from "@/lib/security/secret-box";
import { movableClock } from "../helpers/subscription-harness";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

describe.each(PROVIDERS)("[%s] notice sender", (provider) => {
  let database: TestDatabase;
  let catcher: MailCatcher;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  });
  afterAll(async () => {
    await catcher?.close();
    await database?.drop();
  });
  beforeEach(() => {
    catcher.mailbox.clear();
    Object.assign(catcher.behaviour, { refuseUntil: 0, refuseCount: 0, delayMs: 0 });
  });

  /** `count` paid orders' receipts waiting in the outbox, as a confirm would leave them. */
  async function queueReceipts(count: number): Promise<string[]> {
    const db = database.db;
    const plan = await db.plan.findFirstOrThrow({ where: { code: "vip-30" } });
    const user = await db.user.create({ data: { email: `n-${randomUUID()}@example.com` } });
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      await sqlOf(db)
        .transaction()
        .execute((tx) =>
          enqueuePaymentReceipt(
            tx,
            {
              id,
              orderId: `VIP-20261203-${String(i).padStart(16, "0")}`,
              userId: user.id,
              planId: plan.id,
              kind: "ONE_TIME",
              subscriptionId: null,
              amountMinor: plan.priceMinor,
              currency: plan.currency,
              transactionId: `2026120300000000${String(i).padStart(3, "0")}`,
              paidAt: new Date(),
            },
            new Date(),
          ),
        );
      ids.push(id);
    }
    return ids;
  }

  function senderDeps(
    now: () => Date,
    leaseMs = 60_000,
    sendBudgetMs = 10_000,
  ): NoticeSenderDeps & { close(): void } {
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: "VIP Club <no-reply@vip-club.local>",
    });
    return {
      senderId: `test-${randomUUID()}`,
      now,
      leaseMs,
      sendBudgetMs,
      context: { baseUrl: "http://shop.test" },
      claim: (input) => claimDueNotices(database.db, input),
      record: (input) => recordNoticeDelivery(database.db, input),
      mail: (message) => mailer.mail(message),
      close: () => mailer.close(),
    };
  }

  it("a mail server that refuses for a while gets every notice afterwards, each once", async () => {
    const orderIds = await queueReceipts(5);
    const clock = movableClock();
    const deps = senderDeps(clock.now);
    catcher.behaviour.refuseUntil = Number.MAX_SAFE_INTEGER;
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 5, sent: 0, retrying: 5 });
    const notices = () =>
      database.db.notice.findMany({
        where: { orderId: { in: orderIds } },
        include: { attemptLog: { orderBy: { startedAt: "asc" } } },
      });
    for (const notice of await notices()) {
      expect(notice).toMatchObject({ state: "FAILED", attempts: 1, claimedBy: null });
      expect(notice.lastError).toMatch(/421/);
      // Backed off by a minute, not retried in a loop.
      expect(notice.nextAttemptAt.getTime()).toBeGreaterThan(clock.now().getTime() + 55_000);
    }
    expect(catcher.mailbox.list()).toEqual([]);
    // Still refusing a minute later: the second try backs off two minutes.
    clock.advance(61_000);
    expect(await sendDueNotices(deps)).toMatchObject({ retrying: 5 });
    catcher.behaviour.refuseUntil = 0;
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 0 });
    clock.advance(121_000);
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 5, sent: 5 });
    deps.close();
    const sent = await notices();
    expect(sent.map((n) => [n.state, n.attempts, n.attemptLog.map((a) => a.outcome)])).toEqual(
      orderIds.map(() => ["SENT", 3, ["retry", "retry", "sent"]]),
    );
    const mail = catcher.mailbox.list();
    expect(mail).toHaveLength(5);
    expect(new Set(mail.map((m) => m.messageId))).toEqual(new Set(sent.map((n) => n.messageId)));
    expect(mail.every((m) => m.deliveries === 1)).toBe(true);
    expect(mail[0]!.subject).toBe("Your receipt from VIP Club: NT$300");
    expect(mail[0]!.text).toContain("http://shop.test/account/receipts/VIP-20261203-");
  });

  it("a sender killed mid-batch and started again delivers every notice exactly once", async () => {
    const orderIds = await queueReceipts(12);
    catcher.behaviour.delayMs = 150;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      APP_ENV: "test",
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}`,
      APP_BASE_URL: "http://shop.test",
      NEXTAUTH_SECRET: "x".repeat(32),
      CRON_SECRET: "c".repeat(32),
      REGKEY_ENCRYPTION_KEYS: generateKeyringEntry("test1"),
      TEST_CLOCK_ENABLED: "0",
    };
    const runSender = (leaseSeconds: number) => {
      const child = spawn(process.execPath, ["--import", "tsx", "lib/cli/notices.ts"], {
        env: { ...env, NOTICE_LEASE_SECONDS: String(leaseSeconds) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => (output += String(chunk)));
      child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      return { child, exited, output: () => output };
    };
    // The first sender's claims last 4 s; the one started after it has all the time it needs.
    const first = runSender(4);
    while (catcher.mailbox.list().length < 3) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await first.exited;
    await new Promise((r) => setTimeout(r, 200));
    const midway = await database.db.notice.groupBy({
      by: ["state"],
      where: { orderId: { in: orderIds } },
      _count: true,
    });
    expect(midway.find((g) => g.state === "CLAIMED")?._count ?? 0).toBeGreaterThan(0);
    // The claims run out after the lease; a new sender takes the rest (and the in-flight one).
    await new Promise((r) => setTimeout(r, 4_100));
    const second = runSender(120);
    expect(await second.exited, second.output()).toBe(0);
    const notices = await database.db.notice.findMany({ where: { orderId: { in: orderIds } } });
    expect(notices.every((n) => n.state === "SENT")).toBe(true);
    const mail = catcher.mailbox.list();
    expect(mail).toHaveLength(12);
    expect(new Set(mail.map((m) => m.messageId))).toEqual(new Set(notices.map((n) => n.messageId)));
  });
  it("send again: a delivered notice goes out once more as a new message, and the admin is recorded", async () => {
    const [orderId] = await queueReceipts(1);
    const clock = movableClock();
    const deps = senderDeps(clock.now);
    expect(await sendDueNotices(deps)).toMatchObject({ sent: 1 });
    const sent = await database.db.notice.findFirstOrThrow({ where: { orderId } });
    const resend = (noticeId: string) =>
      resendNotice(database.db, {
        noticeId,
        actor: "admin:test",
        actorLabel: "admin@example.com",
        now: clock.now(),
      });
    expect(await resend(sent.id)).toBe("queued");
    expect(await resend("no-such-notice")).toBe("not-found");
    const queued = await database.db.notice.findUniqueOrThrow({ where: { id: sent.id } });
    expect(queued).toMatchObject({ state: "PENDING", attempts: 0 });
    expect(queued.messageId).not.toBe(sent.messageId);
    expect(await sendDueNotices(deps)).toMatchObject({ sent: 1 });
    deps.close();
    const copies = catcher.mailbox.list().filter((m) => m.subject.startsWith("Your receipt"));
    expect(copies.map((m) => m.messageId).sort()).toEqual(
      [sent.messageId, queued.messageId].sort(),
    );
    expect(
      await database.db.auditEntry.count({
        where: { action: "notice.resend", targetId: sent.id, actor: "admin:test" },
      }),
    ).toBe(1);
  });
  it("two senders at once, each leaving what its lease cannot cover, mail every notice once", async () => {
    const orderIds = await queueReceipts(8);
    catcher.behaviour.delayMs = 120;
    // One-second leases, of which the last 400 ms are kept free for a delivery in flight.
    const senders = [0, 1].map(() => senderDeps(() => new Date(), 1_000, 400));
    const runBoth = () =>
      Promise.all(senders.map((deps) => sendDueNotices(deps, { batchSize: 4 })));
    const runs = await runBoth();
    // Each stops before its lease runs out and leaves the rest claimed; later runs take it over.
    for (let round = 0; round < 30 && catcher.mailbox.list().length < 8; round++) {
      await new Promise((r) => setTimeout(r, 1_050));
      runs.push(...(await runBoth()));
    }
    expect(runs.reduce((n, run) => n + run.sent, 0)).toBe(8);
    for (const deps of senders) deps.close();
    const notices = await database.db.notice.findMany({ where: { orderId: { in: orderIds } } });
    expect(notices.map((n) => n.state)).toEqual(orderIds.map(() => "SENT"));
    const mail = catcher.mailbox.list();
    expect(mail).toHaveLength(8);
    expect(mail.every((m) => m.deliveries === 1)).toBe(true);
  });
});
