// One order's status, what it means for the shopper's money, and what they bought.
import Link from "next/link";
import { explainOrderStatus } from "@/lib/billing/explain-order-status";
import { formatMoney } from "@/lib/billing/money";
import type { OrderView } from "@/lib/db/order-repository";

export function OrderOutcome({ order }: { order: OrderView }) {
  const explanation = explainOrderStatus(order.status);
  return (
    <section aria-labelledby="outcome-title">
      <div className={`notice ${explanation.tone}`} role="status">
        <h1 id="outcome-title">{explanation.title}</h1>
        <p>{explanation.message}</p>
      </div>
      <dl className="card" data-testid="order-summary">
        <dt>Order</dt>
        <dd data-testid="order-id">{order.orderId}</dd>
        <dt>Plan</dt>
        <dd>{order.plan.name}</dd>
        <dt>Amount</dt>
        <dd data-testid="order-amount">{formatMoney(order.amountMinor, order.currency)}</dd>
        <dt>Status</dt>
        <dd><span className="status" data-testid="order-status">{order.status}</span></dd>
        {order.transactionId ? (
          <>
            <dt>LINE Pay transaction</dt>
            <dd data-testid="transaction-id">{order.transactionId}</dd>
          </>
        ) : null}
        {order.entitlement ? (
          <>
            <dt>VIP access</dt>
            <dd data-testid="vip-window">
              {order.entitlement.startsAt.toISOString().slice(0, 10)} → {order.entitlement.endsAt.toISOString().slice(0, 10)}
            </dd>
          </>
        ) : null}
        {order.kind !== "ONE_TIME" && order.status === "PAID" ? (
          <>
            <dt>Subscription</dt>
            <dd data-testid="subscription-note">Renews automatically with LINE Pay. Manage it on <Link href="/account">My account</Link>.</dd>
          </>
        ) : null}
      </dl>
      <p><Link href="/account">See all my orders</Link> · <Link href="/">Back to plans</Link></p>
    </section>
  );
}
