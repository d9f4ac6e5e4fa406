// The notice sender's collaborators from the app's wiring (one place for the cron route, the CLI
// and the dev scheduler): the outbox in the app's database, SMTP and the LINE Messaging API from
// the environment.
import { randomUUID } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { claimDueNotices, recordNoticeDelivery } from "@/lib/db/notice-repository";
import { queueRenewalReminders } from "@/lib/db/renewal-reminder-repository";
import { queueTransferReminders } from "@/lib/db/transfer-notices";
import { withdrawStaleNotices } from "@/lib/db/notice-withdrawal";
import { passwordResetToken } from "@/lib/auth/password-reset-token";
import type { Env } from "@/lib/env";
import { AppError } from "@/lib/errors/app-error";
import type { NoticeContext } from "@/lib/notices/notice-content";
import type { NoticeSenderDeps } from "@/lib/notices/send-notices";
import { createSmtpMailer } from "@/lib/notices/smtp-mailer";
import { createLineMessenger } from "@/lib/notices/line-messenger";
import { LINE_API } from "@/lib/env-line";

const DEFAULT_MAIL_FROM = "VIP Club <no-reply@vip-club.local>";

/** SMTP_URL, or the local catcher outside production; production without it refuses to send. */
export function smtpUrlFrom(env: Env): string {
  if (env.SMTP_URL) return env.SMTP_URL;
  if (env.APP_ENV === "production")
    throw new AppError("SMTP_URL is not set: notices cannot be mailed", {
      status: 503,
      errorCode: "smtp_not_configured",
    });
  return `smtp://127.0.0.1:${env.MAIL_CATCHER_SMTP_PORT}`;
}

/** Where notices link to; a reset link's token is derived from the server's secret when sent. */
export function noticeContextFrom(
  env: Pick<Env, "APP_BASE_URL" | "NEXTAUTH_SECRET">,
): NoticeContext {
  const baseUrl = env.APP_BASE_URL.replace(/\/+$/, "");
  return {
    baseUrl,
    passwordResetUrl: (resetId) =>
      `${baseUrl}/reset-password?token=${passwordResetToken(resetId, env.NEXTAUTH_SECRET)}`,
  };
}

export function noticeSenderFrom(options: { env: Env; db: Db; now: () => Date }): {
  deps: NoticeSenderDeps;
  close(): void;
} {
  const { env, db, now } = options;
  const mailer = createSmtpMailer({
    url: smtpUrlFrom(env),
    from: env.MAIL_FROM ?? DEFAULT_MAIL_FROM,
  });
  const token = env.LINE_MESSAGING_CHANNEL_ACCESS_TOKEN;
  const line = token
    ? createLineMessenger({ baseUrl: env.LINE_API_BASE_URL ?? LINE_API, channelAccessToken: token })
    : undefined;
  return {
    deps: {
      senderId: `notices-${randomUUID()}`,
      now,
      leaseMs: env.NOTICE_LEASE_SECONDS * 1000,
      context: noticeContextFrom(env),
      claim: (input) => claimDueNotices(db, input),
      record: (input) => recordNoticeDelivery(db, input),
      mail: (message) => mailer.mail(message),
      ...(line ? { pushLine: (message) => line.push(message) } : {}),
      queueDue: async (now) =>
        (await queueRenewalReminders(db, now)) + (await queueTransferReminders(db, now)),
      withdrawStale: (now) => withdrawStaleNotices(db, now),
    },
    close: () => mailer.close(),
  };
}
