// The shopper's VIP status and payment history (their own orders only).
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { listOrdersForUser } from "@/lib/db/order-repository";
import { listSubscriptionHistory, listSubscriptionsForUser } from "@/lib/db/subscription-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { SubscriptionCard } from "./subscription-card";

export default async function AccountPage() {
  const user = await requireUser("/account");
  const db = getAppDb();
  const now = (await getAppClock())();
  const [orders, vipEndsAt, subscriptions] = await Promise.all([
    listOrdersForUser(db, user.id),
    findVipAccessUntil(db, user.id, now),
    listSubscriptionsForUser(db, user.id),
  ]);
  const histories = await Promise.all(subscriptions.map((s) => listSubscriptionHistory(db, s.id)));
  return (
    <>
      <h1>My account</h1>
      <p className="muted">Signed in as {user.email}</p>
      <section className="card" aria-labelledby="vip-heading">
        <h2 id="vip-heading">VIP access</h2>
        <p data-testid="account-vip-status">
          {vipEndsAt ? `Active until ${vipEndsAt.toISOString().slice(0, 10)}` : "You are not a VIP right now."}
        </p>
      </section>
      {subscriptions.length > 0 ? (
        <>
          <h2>Subscriptions</h2>
          {subscriptions.map((subscription, i) => (
            <SubscriptionCard key={subscription.id} subscription={subscription} history={histories[i] ?? []} />
          ))}
        </>
      ) : null}
      <h2>Payment history</h2>
      {orders.length === 0 ? (
        <p>No orders yet. <Link href="/">See the plans</Link>.</p>
      ) : (
        <table>
          <caption className="muted">Your orders, newest first</caption>
          <thead>
            <tr><th scope="col">Date</th><th scope="col">Order</th><th scope="col">Plan</th><th scope="col">Amount</th><th scope="col">Status</th></tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.id} data-testid="order-row">
                <td>{order.createdAt.toISOString().slice(0, 16).replace("T", " ")}</td>
                <td><Link href={`/orders/${encodeURIComponent(order.orderId)}`}>{order.orderId}</Link></td>
                <td>{order.plan.name}</td>
                <td>{formatMoney(order.amountMinor, order.currency)}</td>
                <td><span className="status">{order.status}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
