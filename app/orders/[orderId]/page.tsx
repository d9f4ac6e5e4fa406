// One of the shopper's own orders, in whatever state it is, with what that means for their money.
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findOrderForUser } from "@/lib/db/order-repository";
import { getAppDb } from "@/lib/server/app-db";
import { OrderOutcome } from "../../_components/order-outcome";
import { RetryCheckoutButton } from "../../_components/retry-checkout-button";
import { OrderAutoRefresh } from "./order-auto-refresh";

export default async function OrderPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orderId } = await params;
  const { result } = await searchParams;
  if (orderId.length > 100) notFound();
  const user = await requireUser(`/orders/${encodeURIComponent(orderId)}`);
  const order = await findOrderForUser(getAppDb(), orderId, user.id);
  if (!order) notFound();
  const isInFlight = order.status === "CONFIRMING" || order.status === "UNKNOWN";
  return (
    <OrderOutcome order={order} isCardDeclined={result === "declined"}>
      {isInFlight ? (
        <OrderAutoRefresh href={`/orders/${encodeURIComponent(order.orderId)}`} />
      ) : null}
      {order.status === "FAILED" || order.status === "CANCELED" || order.status === "EXPIRED" ? (
        <RetryCheckoutButton planCode={order.plan.code} />
      ) : null}
    </OrderOutcome>
  );
}
