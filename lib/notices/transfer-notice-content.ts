// What an ATM transfer's instructions and its reminder say: the bank, the virtual account, the
// exact amount (NT$, no decimals) and the deadline to the minute in Taipei time, then the order.
import { formatMoney } from "@/lib/billing/money";
import type { TransferPayload } from "@/lib/db/notice-payloads";
import { formatDateTime } from "@/lib/i18n/format-date";
import type { Locale } from "@/lib/i18n/locales";
import type { NoticeBody, NoticeTranslate } from "./notice-body";

/** Grouped in fours so it can be read out and typed without losing a digit (as on the order page). */
export function groupAccountDigits(account: string): string {
  return account.replace(/(\d{4})(?=\d)/g, "$1 ");
}

export function transferNoticeBody(
  kind: "transfer-instructions" | "transfer-reminder",
  payload: TransferPayload,
  input: { t: NoticeTranslate; locale: Locale; plan: string; baseUrl: string },
): NoticeBody {
  const { t, locale, plan } = input;
  const amount = formatMoney(payload.amountMinor, payload.currency, locale);
  const deadline = formatDateTime(new Date(payload.payBy), locale);
  return {
    subject: t(`${kind}.subject`, { amount, deadline, plan }),
    paragraphs: [
      t(`${kind}.intro`, { amount, deadline, plan }),
      t("transfer.exact", { amount }),
      t("transfer.after"),
    ],
    details: [
      { label: t("labels.bank"), value: t("transfer.bankName", { code: payload.bankCode }) },
      { label: t("labels.account"), value: groupAccountDigits(payload.virtualAccount) },
      { label: t("labels.amount"), value: amount },
      { label: t("labels.payBy"), value: deadline },
      { label: t("labels.order"), value: payload.orderId },
      { label: t("labels.item"), value: plan },
    ],
    action: {
      label: t(`${kind}.action`),
      href: `${input.baseUrl}/orders/${encodeURIComponent(payload.orderId)}`,
    },
  };
}
