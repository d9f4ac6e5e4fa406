// Where a cancelled payment lands: what happened to the money, and a way to try again.
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findOrderForUser } from "@/lib/db/order-repository";
import { getAppDb } from "@/lib/server/app-db";
import { OrderOutcome } from "../../_components/order-outcome";
import { RetryCheckoutButton } from "../../_components/retry-checkout-button";

export default async function CheckoutCancelPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orderId } = await searchParams;
  if (typeof orderId !== "string" || orderId.length > 100) notFound();
  const user = await requireUser(`/checkout/cancel?orderId=${encodeURIComponent(orderId)}`);
  const order = await findOrderForUser(getAppDb(), orderId, user.id);
  if (!order) notFound();
  if (order.status !== "CANCELED") redirect(`/orders/${encodeURIComponent(order.orderId)}`);
  return (
    <OrderOutcome order={order}>
      <RetryCheckoutButton planCode={order.plan.code} />
    </OrderOutcome>
  );
}
