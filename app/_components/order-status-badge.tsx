// An order's status in the shopper's words; a partial refund says how much came back. The code
// stays in data-status for tests and styling, never as the text; the tone comes from status-tone.
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/billing/money";
import type { OrderRecord } from "@/lib/db/order-repository";
import { StatusBadge } from "./status-badge";

export async function OrderStatusBadge({
  order,
  testId,
}: {
  order: Pick<OrderRecord, "status" | "refundedMinor" | "currency">;
  testId?: string;
}) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shop.status")]);
  const isPartlyRefunded = order.status === "PARTIALLY_REFUNDED" && order.refundedMinor > 0;
  return (
    <StatusBadge kind="order" status={order.status} testId={testId}>
      {isPartlyRefunded
        ? t("partlyRefundedAmount", {
            amount: formatMoney(order.refundedMinor, order.currency, locale),
          })
        : t(`order.${order.status}`)}
    </StatusBadge>
  );
}
