// An ATM order's transfer instructions (SinoPac virtual account): bank, account, the exact amount
// and the deadline, in the shopper's language and the shop's time zone.
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/billing/money";
import type { OrderView } from "@/lib/db/order-repository";
import { formatDateTime } from "@/lib/i18n/format-date";

export async function TransferDetails({ order }: { order: OrderView }) {
  if (!order.providerAccount || !order.payBy) return null;
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shop.orderOutcome")]);
  // Grouped in fours so it can be read out and typed without losing a digit.
  const account = order.providerAccount.replace(/(\d{4})(?=\d)/g, "$1 ");
  return (
    <dl className="card" data-testid="transfer-details">
      <dt>{t("transferBank")}</dt>
      <dd data-testid="transfer-bank">{t("transferBankName")}</dd>
      <dt>{t("transferAccount")}</dt>
      <dd data-testid="transfer-account">{account}</dd>
      <dt>{t("transferAmount")}</dt>
      <dd data-testid="transfer-amount">
        {formatMoney(order.amountMinor, order.currency, locale)}
      </dd>
      <dt>{t("transferDeadline")}</dt>
      <dd data-testid="transfer-deadline">{formatDateTime(order.payBy, locale)}</dd>
    </dl>
  );
}
