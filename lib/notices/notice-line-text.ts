// A notice as a LINE text message: the same content as the email (subject, paragraphs, details and
// the one link, in the shopper's language, TWD without decimals, Taipei dates), as plain text,
// since a LINE chat shows no HTML.
import { createTranslator } from "use-intl/core";
import enCommon from "@/lib/i18n/messages/en/common.json";
import enNotices from "@/lib/i18n/messages/en/notices.json";
import zhCommon from "@/lib/i18n/messages/zh-TW/common.json";
import zhNotices from "@/lib/i18n/messages/zh-TW/notices.json";
import type { NoticeContent } from "./notice-content";

const MESSAGES = {
  en: { common: enCommon, notices: enNotices },
  "zh-TW": { common: zhCommon, notices: zhNotices },
} as const;

/** LINE's limit for one text message. */
export const LINE_TEXT_LIMIT = 5000;

export function noticeLineText(content: NoticeContent): string {
  const messages = MESSAGES[content.locale];
  const t = createTranslator({ locale: content.locale, messages, namespace: "notices" });
  const text = [
    content.subject,
    "",
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...content.details.map((detail) => `${detail.label}: ${detail.value}`),
    "",
    `${content.action.label}: ${content.action.href}`,
    "",
    t("lineFooter", { merchant: messages.common.brand }),
  ].join("\n");
  return text.length > LINE_TEXT_LIMIT ? `${text.slice(0, LINE_TEXT_LIMIT - 1)}…` : text;
}
