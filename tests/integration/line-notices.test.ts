// LINE notices on SQLite and Postgres, through @line/bot-sdk to the local LINE sandbox over HTTP:
// a LINE sign-in links to the account with the same LINE-vouched email (and to nothing else), and
// a LINE-channel notice reaches the LINE user exactly once across a period of 429 / 500 answers,
// lost answers, and a sender process killed mid-batch and started again (the notice's retry key is
// the same on every push, and LINE refuses a repeat with 409).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sqlOf } from "@/lib/db/client";
import { signInLineAccount } from "@/lib/db/line-user-repository";
import { enqueuePaymentReceipt } from "@/lib/db/notice-outbox";
import { claimDueNotices, recordNoticeDelivery } from "@/lib/db/notice-repository";
import { resendNotice } from "@/lib/db/notice-resend";
import { startLineSandbox, type LineSandbox } from "@/lib/line-sandbox/server";
import { createLineMessenger } from "@/lib/notices/line-messenger";
import { sendDueNotices, type NoticeSenderDeps } from "@/lib/notices/send-notices";
import { generateKeyringEntry } from "@/lib/security/secret-box";
import { movableClock } from "../helpers/subscription-harness";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

const TOKEN = "line-messaging-test-token";
const CHANNEL = { id: "1650000001", secret: "line-login-test-secret", name: "VIP Club" };
const lineUserId = () => `U${randomUUID().replace(/-/g, "")}`;

describe.each(PROVIDERS)("[%s] LINE sign-in and LINE notices", (provider) => {
  let database: TestDatabase;
  let line: LineSandbox;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    line = await startLineSandbox({ loginChannels: [CHANNEL], messagingTokens: [TOKEN] });
  });
  afterAll(async () => {
    await line?.close();
    await database?.drop();
  });
  beforeEach(() => {
    line.store.clearMessages();
    Object.assign(line.store.behaviour, {
      failStatus: 0,
      failCount: 0,
      failUntil: 0,
      dropAnswerCount: 0,
      answerDelayMs: 0,
    });
  });

  it("links a LINE sign-in to the shopper with the same verified email, and to nothing else", async () => {
    const db = database.db;
    const email = `linked-${randomUUID()}@example.com`;
    const shopper = await db.user.create({ data: { email, passwordHash: "x" } });
    const id = lineUserId();
    const now = new Date();
    const signIn = (input: Partial<Parameters<typeof signInLineAccount>[1]>) =>
      signInLineAccount(
        db,
        { lineUserId: id, name: "Mei", verifiedEmail: null, isFriend: true, ...input },
        now,
      );
    expect(await signIn({ verifiedEmail: email })).toMatchObject({
      id: shopper.id,
      outcome: "linked",
    });
    expect(await signIn({ verifiedEmail: null })).toMatchObject({
      id: shopper.id,
      outcome: "returning",
    });
    expect(await db.user.count({ where: { OR: [{ email }, { lineUserId: id }] } })).toBe(1);
    const linked = await db.user.findUniqueOrThrow({ where: { id: shopper.id } });
    expect(linked).toMatchObject({ lineUserId: id, noticesByEmail: true, noticesByLine: true });

    // No email from LINE: an account of its own, reached by LINE only.
    const own = await signInLineAccount(
      db,
      { lineUserId: lineUserId(), name: "Lin", verifiedEmail: null, isFriend: false },
      now,
    );
    expect(own.outcome).toBe("created");
    expect(await db.user.findUniqueOrThrow({ where: { id: own.id } })).toMatchObject({
      email: expect.stringMatching(/@users\.line\.invalid$/) as unknown,
      noticesByEmail: false,
      noticesByLine: false,
    });
    // An admin's email never links: the LINE account gets its own shopper account.
    const admin = await db.user.create({
      data: { email: `admin-${randomUUID()}@example.com`, role: "ADMIN" },
    });
    const notAdmin = await signInLineAccount(
      db,
      { lineUserId: lineUserId(), name: "X", verifiedEmail: admin.email, isFriend: true },
      now,
    );
    expect(notAdmin).toMatchObject({ outcome: "created", role: "SHOPPER" });
    expect(notAdmin.id).not.toBe(admin.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: admin.id } })).lineUserId).toBeNull();
  });

  /** A shopper signed in with LINE only (no email) and `count` paid orders' receipts queued. */
  async function queueLineReceipts(count: number) {
    const db = database.db;
    const plan = await db.plan.findFirstOrThrow({ where: { code: "vip-30" } });
    const to = lineUserId();
    const account = await signInLineAccount(
      db,
      { lineUserId: to, name: "Mei", verifiedEmail: null, isFriend: true },
      new Date(),
    );
    const orderIds: string[] = [];
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
              userId: account.id,
              planId: plan.id,
              kind: "ONE_TIME",
              subscriptionId: null,
              amountMinor: plan.priceMinor,
              currency: plan.currency,
              transactionId: null,
              paidAt: new Date("2026-11-30T17:30:00Z"),
            },
            new Date(),
          ),
        );
      orderIds.push(id);
    }
    const notices = await db.notice.findMany({ where: { orderId: { in: orderIds } } });
    expect(notices.map((n) => n.channel)).toEqual(orderIds.map(() => "LINE"));
    return { to, orderIds };
  }

  function senderDeps(now: () => Date): NoticeSenderDeps {
    const messenger = createLineMessenger({ baseUrl: line.url, channelAccessToken: TOKEN });
    return {
      senderId: `test-${randomUUID()}`,
      now,
      leaseMs: 60_000,
      sendBudgetMs: 10_000,
      context: { baseUrl: "http://shop.test" },
      claim: (input) => claimDueNotices(database.db, input),
      record: (input) => recordNoticeDelivery(database.db, input),
      mail: () => Promise.reject(new Error("no email expected")),
      pushLine: (message) => messenger.push(message),
    };
  }

  const noticesOf = (orderIds: string[]) =>
    database.db.notice.findMany({
      where: { orderId: { in: orderIds } },
      include: { attemptLog: { orderBy: { startedAt: "asc" } } },
    });

  it("LINE answering 429, then 500, then lost answers: each notice pushed exactly once", async () => {
    const { to, orderIds } = await queueLineReceipts(4);
    const clock = movableClock();
    const deps = senderDeps(clock.now);
    Object.assign(line.store.behaviour, { failStatus: 429, failUntil: Number.MAX_SAFE_INTEGER });
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 4, sent: 0, retrying: 4 });
    for (const notice of await noticesOf(orderIds)) {
      expect(notice).toMatchObject({ state: "FAILED", attempts: 1 });
      expect(notice.lastError).toBe(
        "LINE answered 429: The API rate limit has been exceeded. Try again later.",
      );
      expect(notice.nextAttemptAt.getTime()).toBeGreaterThan(clock.now().getTime() + 55_000);
    }
    Object.assign(line.store.behaviour, { failStatus: 500 });
    clock.advance(61_000);
    expect(await sendDueNotices(deps)).toMatchObject({ retrying: 4 });
    expect(line.store.pushed).toEqual([]);
    // LINE is back, but the first two answers are lost on the way: those two are pushed again
    // with the same retry key, refused with 409, and recorded as delivered.
    Object.assign(line.store.behaviour, { failStatus: 0, failUntil: 0, dropAnswerCount: 2 });
    clock.advance(121_000);
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 4, sent: 2, retrying: 2 });
    clock.advance(241_000);
    expect(await sendDueNotices(deps)).toMatchObject({ claimed: 2, sent: 2 });
    const notices = await noticesOf(orderIds);
    expect(notices.every((n) => n.state === "SENT")).toBe(true);
    const pushed = line.store.messagesTo(to);
    expect(pushed).toHaveLength(4);
    expect(line.store.duplicatesRefused).toBe(2);
    expect(new Set(pushed.map((p) => p.retryKey))).toEqual(
      new Set(notices.map((n) => n.messageId)),
    );
    const text = String(pushed[0]!.messages[0]!.text);
    expect(text).toContain("NT$");
    expect(text).toContain("http://shop.test/account/receipts/VIP-20261203-");
  });

  it("send again: a pushed LINE notice goes out once more under a new retry key", async () => {
    const { to, orderIds } = await queueLineReceipts(1);
    const clock = movableClock();
    const deps = senderDeps(clock.now);
    expect(await sendDueNotices(deps)).toMatchObject({ sent: 1 });
    const sent = await database.db.notice.findFirstOrThrow({ where: { orderId: orderIds[0] } });
    const input = { actor: "admin:test", actorLabel: "admin@example.com", now: clock.now() };
    expect(await resendNotice(database.db, { noticeId: sent.id, ...input })).toBe("queued");
    const queued = await database.db.notice.findUniqueOrThrow({ where: { id: sent.id } });
    expect(queued.messageId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-/);
    expect(queued.messageId).not.toBe(sent.messageId);
    expect(await sendDueNotices(deps)).toMatchObject({ sent: 1 });
    expect(line.store.messagesTo(to).map((p) => p.retryKey)).toEqual([
      queued.messageId,
      sent.messageId,
    ]);
    expect(line.store.duplicatesRefused).toBe(0);
  });

  it("a sender killed mid-batch and started again pushes every LINE notice exactly once", async () => {
    const { to, orderIds } = await queueLineReceipts(10);
    // Each push is accepted at once and answered 300 ms later: the kill lands between the two.
    line.store.behaviour.answerDelayMs = 300;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      APP_ENV: "test",
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      SMTP_URL: "smtp://127.0.0.1:9",
      APP_BASE_URL: "http://shop.test",
      NEXTAUTH_SECRET: "x".repeat(32),
      CRON_SECRET: "c".repeat(32),
      REGKEY_ENCRYPTION_KEYS: generateKeyringEntry("test1"),
      TEST_CLOCK_ENABLED: "0",
      LINE_API_BASE_URL: line.url,
      LINE_MESSAGING_CHANNEL_ACCESS_TOKEN: TOKEN,
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
    const first = runSender(4);
    while (line.store.pushed.length < 3) await new Promise((r) => setTimeout(r, 20));
    first.child.kill("SIGKILL");
    await first.exited;
    const midway = await database.db.notice.findMany({ where: { orderId: { in: orderIds } } });
    // The push in flight was accepted by LINE but never recorded: it is still claimed.
    const pushedKeys = new Set(line.store.pushed.map((p) => p.retryKey));
    expect(midway.some((n) => n.state === "CLAIMED" && pushedKeys.has(n.messageId))).toBe(true);
    line.store.behaviour.answerDelayMs = 0;
    await new Promise((r) => setTimeout(r, 4_100));
    const second = runSender(120);
    expect(await second.exited, second.output()).toBe(0);
    const notices = await database.db.notice.findMany({ where: { orderId: { in: orderIds } } });
    expect(notices.every((n) => n.state === "SENT")).toBe(true);
    const pushed = line.store.messagesTo(to);
    expect(pushed).toHaveLength(10);
    expect(line.store.duplicatesRefused).toBeGreaterThanOrEqual(1);
    expect(new Set(pushed.map((p) => p.retryKey))).toEqual(
      new Set(notices.map((n) => n.messageId)),
    );
  });
});
