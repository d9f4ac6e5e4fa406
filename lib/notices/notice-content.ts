// What each notice says, in the shopper's language: one content shape per kind (subject, lines,
// details, one action link), rendered to HTML by notice-email.tsx and to plain text below, so the
// two parts of an email can never say different things.
import { createTranslator } from "use-intl/core";
import { formatMoney } from "@/lib/billing/money";
import { formatDate } from "@/lib/i18n/format-date";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import enCommon from "@/lib/i18n/messages/en/common.json";
import enNotices from "@/lib/i18n/messages/en/notices.json";
import enShop from "@/lib/i18n/messages/en/shop.json";
import zhCommon from "@/lib/i18n/messages/zh-TW/common.json";
import zhNotices from "@/lib/i18n/messages/zh-TW/notices.json";
import zhShop from "@/lib/i18n/messages/zh-TW/shop.json";
import type {
  NoticeKind,
  PasswordResetPayload,
  ReceiptPayload,
  RefundPayload,
  ReminderPayload,
  SubscriptionPayload,
  TransferPayload,
} from "@/lib/db/notice-payloads";
import { passwordResetBody } from "./password-reset-content";
import { transferNoticeBody } from "./transfer-notice-content";

const MESSAGES = {
  en: { common: enCommon, notices: enNotices, shop: enShop },
  "zh-TW": { common: zhCommon, notices: zhNotices, shop: zhShop },
} as const;

export interface NoticeContent {
  locale: Locale;
  subject: string;
  greeting: string;
  paragraphs: string[];
  details: { label: string; value: string }[];
  action: { label: string; href: string };
  signOff: string;
  footer: string;
}

export interface NoticeContext {
  /** The shop's public address, without a trailing slash. */
  baseUrl: string;
  /** The link of a password reset (its token is derived, never stored); absent, none is sent. */
  passwordResetUrl?: (resetId: string) => string;
}

export function noticeContent(
  notice: { kind: string; locale: string; payload: string },
  context: NoticeContext,
): NoticeContent {
  const locale: Locale = isLocale(notice.locale) ? notice.locale : "en";
  const messages = MESSAGES[locale];
  const t = createTranslator({ locale, messages, namespace: "notices" });
  const shop = createTranslator({ locale, messages, namespace: "shop.plans.catalog" });
  const planName = (code: string, fallback: string) =>
    shop.has(`${code}.name` as never) ? shop(`${code}.name` as never) : fallback;
  const day = (iso: string | null) => formatDate(iso ? new Date(iso) : null, locale);
  // The merchant's name as the shop shows it in this language.
  const merchant = messages.common.brand;
  const base = {
    locale,
    greeting: t("greeting"),
    signOff: t("signOff", { merchant }),
    footer: t("footer", { merchant }),
  };
  const kind = notice.kind as NoticeKind;
  const translate = (key: string, values?: Record<string, string>) =>
    t(key as never, values as never);
  if (kind === "transfer-instructions" || kind === "transfer-reminder") {
    const p = JSON.parse(notice.payload) as TransferPayload;
    const plan = planName(p.planCode, p.planName);
    return { ...base, ...transferNoticeBody(kind, p, { t: translate, locale, plan, ...context }) };
  }
  if (kind === "password-reset") {
    const p = JSON.parse(notice.payload) as PasswordResetPayload;
    if (!context.passwordResetUrl) throw new Error("No password reset link maker configured");
    const resetUrl = context.passwordResetUrl(p.resetId);
    return { ...base, ...passwordResetBody(p, { t: translate, locale, merchant, resetUrl }) };
  }
  if (kind === "payment-receipt" || kind === "refund-receipt") {
    const p = JSON.parse(notice.payload) as ReceiptPayload & RefundPayload;
    const plan = planName(p.planCode, p.planName);
    const amount = formatMoney(p.amountMinor, p.currency, locale);
    const isRefund = kind === "refund-receipt";
    const details = [
      { label: t("labels.order"), value: p.orderId },
      { label: t("labels.item"), value: plan },
      { label: t("labels.amount"), value: amount },
      { label: t("labels.date"), value: day(isRefund ? p.refundedAt : p.paidAt) },
    ];
    if (!isRefund && p.providerReference)
      details.push({ label: t("labels.reference"), value: p.providerReference });
    return {
      ...base,
      subject: t(`${kind}.subject`, { merchant, amount }),
      paragraphs: [
        isRefund
          ? t(`refund-receipt.${refundIntroKey(p.refundTo)}`, { amount, plan })
          : t("payment-receipt.intro", { amount, plan }),
      ],
      details,
      action: {
        label: t(`${kind}.action`),
        href: `${context.baseUrl}/account/receipts/${encodeURIComponent(p.orderId)}`,
      },
    };
  }
  const account = `${context.baseUrl}/account`;
  if (kind === "renewal-reminder") {
    const r = JSON.parse(notice.payload) as ReminderPayload;
    const plan = planName(r.planCode, r.planName);
    const date = day(r.chargeAt);
    const amount = formatMoney(r.amountMinor, r.currency, locale);
    return {
      ...base,
      subject: t("renewal-reminder.subject", { plan, date }),
      paragraphs: [
        t("renewal-reminder.intro", { plan, date, amount }),
        ...(r.interval === "YEAR" ? [t("renewal-reminder.yearly")] : []),
        t("renewal-reminder.cancel", { date }),
      ],
      details: [
        { label: t("labels.plan"), value: plan },
        { label: t("labels.amount"), value: amount },
        { label: t("labels.chargeAt"), value: date },
      ],
      action: { label: t("renewal-reminder.action"), href: account },
    };
  }
  const p = JSON.parse(notice.payload) as SubscriptionPayload;
  const plan = planName(p.planCode, p.planName);
  if (kind === "renewal-failed") {
    return {
      ...base,
      subject: t("renewal-failed.subject", { plan }),
      paragraphs: [
        t("renewal-failed.intro", { plan }),
        p.nextRetryAt
          ? t("renewal-failed.retry", { date: day(p.nextRetryAt) })
          : t("renewal-failed.noRetry"),
        ...(p.graceUntil ? [t("renewal-failed.grace", { date: day(p.graceUntil) })] : []),
      ],
      details: [
        { label: t("labels.plan"), value: plan },
        ...(p.nextRetryAt ? [{ label: t("labels.nextRetry"), value: day(p.nextRetryAt) }] : []),
        ...(p.graceUntil ? [{ label: t("labels.graceUntil"), value: day(p.graceUntil) }] : []),
      ],
      action: { label: t("renewal-failed.action"), href: account },
    };
  }
  if (kind === "reapproval-needed") {
    return {
      ...base,
      subject: t("reapproval-needed.subject", { plan }),
      paragraphs: [
        t("reapproval-needed.intro", { plan }),
        ...(p.graceUntil ? [t("reapproval-needed.grace", { date: day(p.graceUntil) })] : []),
      ],
      details: [{ label: t("labels.plan"), value: plan }],
      action: { label: t("reapproval-needed.action"), href: account },
    };
  }
  return {
    ...base,
    subject: t("subscription-ended.subject", { plan }),
    paragraphs: [
      t("subscription-ended.intro", { plan, date: day(p.endedAt) }),
      t("subscription-ended.comeBack"),
    ],
    details: [
      { label: t("labels.plan"), value: plan },
      { label: t("labels.endedAt"), value: day(p.endedAt) },
    ],
    action: { label: t("subscription-ended.action"), href: `${context.baseUrl}/` },
  };
}

/** The plain-text part: the same words as the HTML, the link written out. */
export function noticeText(content: NoticeContent): string {
  return [
    content.greeting,
    "",
    ...content.paragraphs.flatMap((paragraph) => [paragraph, ""]),
    ...content.details.map((detail) => `${detail.label}: ${detail.value}`),
    "",
    `${content.action.label}: ${content.action.href}`,
    "",
    content.signOff,
    "",
    "--",
    content.footer,
    "",
  ].join("\n");
}

/** A refund to a card or a bank account is worded as such; everything else says LINE Pay. */
function refundIntroKey(refundTo: RefundPayload["refundTo"]): "intro" | "introCard" | "introBank" {
  if (refundTo === "card") return "introCard";
  if (refundTo === "bank") return "introBank";
  return "intro";
}
