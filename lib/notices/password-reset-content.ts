// What the "choose a new password" email says: the single-use link, until when it works (Taipei
// time), that every signed-in device is signed out after a reset, and what to do if it was not you.
import type { PasswordResetPayload } from "@/lib/db/notice-payloads";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { NoticeBody, NoticeTranslate } from "./notice-body";

export function passwordResetBody(
  payload: PasswordResetPayload,
  input: { t: NoticeTranslate; locale: Locale; merchant: string; resetUrl: string },
): NoticeBody {
  const { t, merchant } = input;
  const until = formatDateTime(new Date(payload.expiresAt), input.locale);
  return {
    subject: t("password-reset.subject", { merchant }),
    paragraphs: [
      t("password-reset.intro", { merchant }),
      t("password-reset.expires", { until }),
      t("password-reset.notYou"),
    ],
    details: [],
    action: { label: t("password-reset.action"), href: input.resetUrl },
    footer: t("password-reset.footer", { merchant }),
  };
}
