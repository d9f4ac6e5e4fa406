// Password reset by email on SQLite and Postgres, through the outbox, the real notice sender and
// the local mail catcher over SMTP: the same answer with or without an account, only the token's
// hash stored, a link that works once and only for 30 minutes on the clock, every session of the
// account ended by the reset, and the rate limits.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import {
  checkPasswordResetLink,
  PASSWORD_RESET_TTL_MS,
  requestPasswordReset,
  resetPassword,
} from "@/lib/auth/password-reset";
import { hashPasswordResetToken, passwordResetToken } from "@/lib/auth/password-reset-token";
import { claimDueNotices, recordNoticeDelivery } from "@/lib/db/notice-repository";
import {
  createUserWithPassword,
  findPasswordHash,
  findSessionUser,
} from "@/lib/db/user-repository";
import { startMailCatcher, type MailCatcher } from "@/lib/mail-emulator/server";
import { sendDueNotices } from "@/lib/notices/send-notices";
import { withdrawStaleNotices } from "@/lib/db/notice-withdrawal";
import { createSmtpMailer } from "@/lib/notices/smtp-mailer";
import { noticeContextFrom } from "@/lib/server/notice-deps";
import { movableClock } from "../helpers/subscription-harness";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

const SECRET = "integration-test-secret-".padEnd(48, "x");
const OLD_PASSWORD = "old password 1";

describe.each(PROVIDERS)("[%s] password reset", (provider) => {
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
  beforeEach(() => catcher.mailbox.clear());

  const db = () => database.db;
  // Every test asks from an address of its own, so the per-IP limit counts tests apart.
  const ask = (email: string, now: Date, clientAddress = randomUUID(), locale = "zh-TW") =>
    requestPasswordReset(db(), { email, locale, clientAddress }, { now, secret: SECRET });

  async function createAccount() {
    const email = `reset-${randomUUID()}@example.com`;
    const user = await createUserWithPassword(db(), {
      email,
      name: null,
      passwordHash: await hashPassword(OLD_PASSWORD),
    });
    return { ...user, email };
  }

  /** One sender run against the catcher; returns the reset link of the newest mail to `email`. */
  async function deliverLink(email: string, now: () => Date): Promise<string> {
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: "VIP Club <no-reply@vip-club.local>",
    });
    try {
      await sendDueNotices({
        senderId: `test-${randomUUID()}`,
        now,
        leaseMs: 60_000,
        context: noticeContextFrom({ APP_BASE_URL: "http://shop.test/", NEXTAUTH_SECRET: SECRET }),
        claim: (input) => claimDueNotices(db(), input),
        record: (input) => recordNoticeDelivery(db(), input),
        mail: (message) => mailer.mail(message),
      });
    } finally {
      mailer.close();
    }
    const [mail] = catcher.mailbox.list(email);
    const link = /http:\/\/shop\.test\/reset-password\?token=[A-Za-z0-9_-]{43}/.exec(
      mail?.text ?? "",
    )?.[0];
    if (!link || !mail?.html?.includes(`href="${link}"`)) throw new Error("No reset link mailed");
    return link;
  }
  const tokenOf = (link: string) => new URL(link).searchParams.get("token") ?? "";

  it("answers the same with or without an account, and writes only for the account", async () => {
    const account = await createAccount();
    const now = new Date();
    const unknown = `nobody-${randomUUID()}@example.com`;
    expect(await ask(unknown, now)).toEqual({ kind: "accepted", mailQueued: false });
    expect(await ask(account.email.toUpperCase(), now)).toEqual({
      kind: "accepted",
      mailQueued: true,
    });
    expect(await ask("not an email", now)).toEqual({ kind: "invalid-email" });

    const resets = await db().passwordReset.findMany({ where: { userId: account.id } });
    expect(resets).toHaveLength(1);
    expect(await db().passwordReset.count()).toBe(
      await db().notice.count({ where: { kind: "password-reset" } }),
    );
    const reset = resets[0]!;
    expect(reset.expiresAt.getTime() - now.getTime()).toBe(PASSWORD_RESET_TTL_MS);
    // Only the hash is kept; the token itself is nowhere in the database.
    const token = passwordResetToken(reset.id, SECRET);
    expect(reset.tokenHash).toBe(hashPasswordResetToken(token));
    const notice = await db().notice.findFirstOrThrow({ where: { userId: account.id } });
    expect(notice).toMatchObject({ kind: "password-reset", locale: "zh-TW", state: "PENDING" });
    expect(notice.payload).not.toContain(token);
    expect(JSON.stringify(await db().passwordReset.findMany())).not.toContain(token);

    const link = await deliverLink(account.email, () => now);
    expect(tokenOf(link)).toBe(token);
    const [mail] = catcher.mailbox.list(account.email);
    expect(mail?.subject).toContain("新密碼");
    expect(catcher.mailbox.list(unknown)).toEqual([]);
  });

  it("works once: the password changes, every session ends, the link is then refused", async () => {
    const account = await createAccount();
    const clock = movableClock();
    await ask(account.email, clock.now());
    const token = tokenOf(await deliverLink(account.email, clock.now));
    const before = await db().user.findUniqueOrThrow({ where: { id: account.id } });
    expect(await findSessionUser(db(), account.id, before.sessionVersion)).not.toBeNull();

    expect(await checkPasswordResetLink(db(), token, clock.now())).toBe("usable");
    expect(await resetPassword(db(), { token, newPassword: "short" }, clock.now())).toBe(
      "invalid-new-password",
    );
    expect(await checkPasswordResetLink(db(), token, clock.now())).toBe("usable");
    expect(await resetPassword(db(), { token, newPassword: "brand new pass" }, clock.now())).toBe(
      "reset",
    );

    const after = await db().user.findUniqueOrThrow({ where: { id: account.id } });
    const newHash = (await findPasswordHash(db(), account.id)) ?? "";
    expect(await verifyPassword("brand new pass", newHash)).toBe(true);
    expect(await verifyPassword(OLD_PASSWORD, newHash)).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await findSessionUser(db(), account.id, before.sessionVersion)).toBeNull();

    expect(await checkPasswordResetLink(db(), token, clock.now())).toBe("used");
    expect(await resetPassword(db(), { token, newPassword: "another pass 2" }, clock.now())).toBe(
      "used",
    );
    const unchanged = await db().user.findUniqueOrThrow({ where: { id: account.id } });
    expect(await findPasswordHash(db(), account.id)).toBe(newHash);
    expect(unchanged.sessionVersion).toBe(after.sessionVersion);
  });

  it("withdraws a reset mail not sent before its link expired (a sender down for half an hour)", async () => {
    const account = await createAccount();
    const clock = movableClock();
    await ask(account.email, clock.now());
    clock.advance(PASSWORD_RESET_TTL_MS);
    const mailer = createSmtpMailer({
      url: `smtp://127.0.0.1:${catcher.smtpPort}`,
      from: "VIP Club <no-reply@vip-club.local>",
    });
    try {
      const summary = await sendDueNotices({
        senderId: `test-${randomUUID()}`,
        now: clock.now,
        leaseMs: 60_000,
        context: noticeContextFrom({ APP_BASE_URL: "http://shop.test/", NEXTAUTH_SECRET: SECRET }),
        claim: (input) => claimDueNotices(db(), input),
        record: (input) => recordNoticeDelivery(db(), input),
        mail: (message) => mailer.mail(message),
        withdrawStale: (at) => withdrawStaleNotices(db(), at),
      });
      expect(summary).toMatchObject({ sent: 0 });
    } finally {
      mailer.close();
    }
    expect(catcher.mailbox.list(account.email)).toEqual([]);
    const notices = await db().notice.findMany({ where: { userId: account.id } });
    expect(notices.map((n) => [n.kind, n.state])).toEqual([["password-reset", "WITHDRAWN"]]);
  });

  it("expires after 30 minutes on the clock and then changes nothing", async () => {
    const account = await createAccount();
    const clock = movableClock();
    await ask(account.email, clock.now());
    const token = tokenOf(await deliverLink(account.email, clock.now));
    clock.advance(PASSWORD_RESET_TTL_MS - 1_000);
    expect(await checkPasswordResetLink(db(), token, clock.now())).toBe("usable");
    clock.advance(1_000);
    expect(await checkPasswordResetLink(db(), token, clock.now())).toBe("expired");
    expect(await resetPassword(db(), { token, newPassword: "brand new pass" }, clock.now())).toBe(
      "expired",
    );
    const user = await db().user.findUniqueOrThrow({ where: { id: account.id } });
    expect(
      await verifyPassword(OLD_PASSWORD, (await findPasswordHash(db(), account.id)) ?? ""),
    ).toBe(true);
    expect(user.sessionVersion).toBe(0);
  });

  it("refuses forged links, and a reset uses up the account's other open links", async () => {
    const account = await createAccount();
    const now = new Date();
    const forged = passwordResetToken(randomUUID(), SECRET);
    expect(await checkPasswordResetLink(db(), forged, now)).toBe("unknown");
    expect(await checkPasswordResetLink(db(), "../../etc", now)).toBe("unknown");
    expect(await resetPassword(db(), { token: forged, newPassword: "brand new pass" }, now)).toBe(
      "unknown",
    );
    await ask(account.email, now);
    await ask(account.email, now);
    const tokens = (await db().passwordReset.findMany({ where: { userId: account.id } })).map(
      (reset) => passwordResetToken(reset.id, SECRET),
    );
    expect(tokens).toHaveLength(2);
    // A link made with another secret (someone who read the database only) is not one of ours.
    const [firstId] = (await db().passwordReset.findMany({ where: { userId: account.id } })).map(
      (reset) => reset.id,
    );
    expect(
      await checkPasswordResetLink(db(), passwordResetToken(firstId!, "x".repeat(40)), now),
    ).toBe("unknown");
    // Two submits of one link at once: exactly one wins.
    const racing = await Promise.all([
      resetPassword(db(), { token: tokens[0], newPassword: "brand new pass" }, now),
      resetPassword(db(), { token: tokens[0], newPassword: "other new pass" }, now),
    ]);
    expect(racing.sort()).toEqual(["reset", "used"]);
    expect(await checkPasswordResetLink(db(), tokens[1], now)).toBe("used");
    const user = await db().user.findUniqueOrThrow({ where: { id: account.id } });
    expect(user.sessionVersion).toBe(1);
  });

  it("limits requests per address (told to wait) and per email (quietly dropped)", async () => {
    const account = await createAccount();
    const now = new Date();
    const address = randomUUID();
    for (let i = 0; i < 3; i++)
      expect(await ask(account.email, now, address)).toEqual({
        kind: "accepted",
        mailQueued: true,
      });
    // The fourth for this email looks the same to the visitor, but no email is queued.
    expect(await ask(account.email, now, address)).toEqual({ kind: "accepted", mailQueued: false });
    expect(await db().passwordReset.count({ where: { userId: account.id } })).toBe(3);
    expect(await db().notice.count({ where: { userId: account.id } })).toBe(3);
    for (let i = 0; i < 6; i++) await ask(`nobody-${randomUUID()}@example.com`, now, address);
    const refused = await ask(account.email, now, address);
    expect(refused).toMatchObject({ kind: "rate-limited" });
    expect(refused.kind === "rate-limited" && refused.retryAfterSeconds).toBeGreaterThan(0);
    // An hour on, this email may ask again.
    expect(await ask(account.email, new Date(now.getTime() + 61 * 60_000))).toEqual({
      kind: "accepted",
      mailQueued: true,
    });
    expect(await db().passwordReset.count({ where: { userId: account.id } })).toBe(4);
  });
});
