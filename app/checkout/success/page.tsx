// Where a confirmed payment lands: the order and the VIP access it granted.
import { notFound, redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { findOrderForUser } from "@/lib/db/order-repository";
import { getAppDb } from "@/lib/server/app-db";
import { OrderOutcome } from "../../_components/order-outcome";

export default async function CheckoutSuccessPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orderId } = await searchParams;
  if (typeof orderId !== "string" || orderId.length > 100) notFound();
  const user = await requireUser(`/checkout/success?orderId=${encodeURIComponent(orderId)}`);
  const order = await findOrderForUser(getAppDb(), orderId, user.id);
  if (!order) notFound();
  if (order.status !== "PAID") redirect(`/orders/${encodeURIComponent(order.orderId)}`);
  return <OrderOutcome order={order} />;
}
