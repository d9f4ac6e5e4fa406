// An ATM order's transfer instructions (SinoPac virtual account): bank, account, the exact amount
// and the deadline, in the shopper's language and the shop's time zone.
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/billing/money";
import type { OrderView } from "@/lib/db/order-repository";
import { formatDateTime } from "@/lib/i18n/format-date";
import { Card } from "./ui/card";
import { Fact, Facts } from "./ui/facts";

export async function TransferDetails({ order }: { order: OrderView }) {
  if (!order.providerAccount || !order.payBy) return null;
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shop.orderOutcome")]);
  // Grouped in fours so it can be read out and typed without losing a digit.
  const account = order.providerAccount.replace(/(\d{4})(?=\d)/g, "$1 ");
  return (
    <Card className="border-info-line">
      <Facts data-testid="transfer-details">
        <Fact label={t("transferBank")} testId="transfer-bank">
          {t("transferBankName")}
        </Fact>
        <Fact label={t("transferAccount")} testId="transfer-account">
          <span className="font-mono text-lg font-semibold tracking-wide">{account}</span>
        </Fact>
        <Fact label={t("transferAmount")} testId="transfer-amount">
          <span className="text-lg font-semibold">
            {formatMoney(order.amountMinor, order.currency, locale)}
          </span>
        </Fact>
        <Fact label={t("transferDeadline")} testId="transfer-deadline">
          {formatDateTime(order.payBy, locale)}
        </Fact>
      </Facts>
    </Card>
  );
}
