// The shop front: VIP plans with prices from the database.
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { listActivePlans } from "@/lib/db/plan-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";

export default async function PlansPage() {
  const db = getAppDb();
  const [plans, user] = await Promise.all([listActivePlans(db), getSessionUser()]);
  const now = (await getAppClock())();
  const vipEndsAt = user ? await findVipAccessUntil(db, user.id, now) : null;
  return (
    <>
      <h1>Become a VIP</h1>
      <p className="muted">Pay securely with LINE Pay. You approve the payment in LINE Pay; we never see your card.</p>
      {vipEndsAt ? (
        <p className="notice success" data-testid="vip-status">You are a VIP until {vipEndsAt.toISOString().slice(0, 10)}. Buying again extends it.</p>
      ) : null}
      <div className="plans">
        {plans.map((plan) => (
          <article key={plan.id} className="card" data-testid={`plan-${plan.code}`}>
            <h2>{plan.name}</h2>
            <p className="price">
              {formatMoney(plan.priceMinor, plan.currency)}
              {plan.billingInterval ? <span className="muted"> / {plan.billingInterval === "MONTH" ? "month" : "year"}</span> : null}
            </p>
            <p>{plan.description}</p>
            {user ? (
              <form method="post" action="/api/linepay/checkout">
                <input type="hidden" name="planCode" value={plan.code} />
                <button type="submit">{plan.kind === "RECURRING" ? "Subscribe with LINE Pay" : "Buy with LINE Pay"}</button>
              </form>
            ) : (
              <Link className="button" href="/signin?callbackUrl=/">Sign in to buy</Link>
            )}
          </article>
        ))}
      </div>
    </>
  );
}
