// One subscription on the account page: state, period, next charge, every period and attempt,
// and the actions its state allows.
import { formatMoney } from "@/lib/billing/money";
import type { SubscriptionView } from "@/lib/db/subscription-repository";
import { explainSubscriptionStatus } from "@/lib/subscriptions/explain-subscription";

type History = Array<{
  id: string;
  periodIndex: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
  amountMinor: number;
  currency: string;
  paidByOrderId: string | null;
  attempts: Array<{ id: string; attemptNumber: number; status: string; returnCode: string | null; createdAt: Date }>;
}>;

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

function ActionButton({ subscriptionId, action, label, secondary }: { subscriptionId: string; action: string; label: string; secondary?: boolean }) {
  return (
    <form method="post" action={`/api/subscriptions/${subscriptionId}/${action}`} style={{ display: "inline" }}>
      <button type="submit" className={secondary ? "secondary" : undefined}>{label}</button>
    </form>
  );
}

export function SubscriptionCard({ subscription: s, history }: { subscription: SubscriptionView; history: History }) {
  const price = formatMoney(s.amountMinor, s.currency);
  return (
    <section className="card" aria-labelledby={`sub-${s.id}`} data-testid="subscription">
      <h3 id={`sub-${s.id}`}>{s.plan.name}</h3>
      <p>
        <span className="status" data-testid="subscription-status">{s.status}</span> {explainSubscriptionStatus(s.status)}
      </p>
      <dl>
        <dt>Current period</dt>
        <dd data-testid="subscription-period">{day(s.currentPeriodStart)} → {day(s.currentPeriodEnd)}</dd>
        {s.status === "ACTIVE" ? (
          <>
            <dt>Next charge</dt>
            <dd data-testid="next-charge">{day(s.currentPeriodEnd)}: {price}</dd>
          </>
        ) : null}
        {s.status === "PAST_DUE" ? (
          <>
            <dt>Next retry</dt>
            <dd data-testid="next-retry">{day(s.nextActionAt)}, VIP kept until {day(s.graceUntil)}</dd>
          </>
        ) : null}
        {s.regKeyHint ? (
          <>
            <dt>LINE Pay authorization</dt>
            <dd>{s.regKeyHint}</dd>
          </>
        ) : null}
      </dl>
      <p>
        {s.status === "ACTIVE" ? <ActionButton subscriptionId={s.id} action="cancel" label="Cancel at period end" secondary /> : null}
        {s.status === "CANCELED" ? <ActionButton subscriptionId={s.id} action="resume" label="Resume subscription" /> : null}
        {s.status === "NEEDS_REBIND" ? <ActionButton subscriptionId={s.id} action="rebind" label="Approve LINE Pay again" /> : null}
        {s.status === "PAST_DUE" || s.status === "NEEDS_REBIND" ? <ActionButton subscriptionId={s.id} action="cancel" label="Cancel now" secondary /> : null}
      </p>
      <table>
        <caption className="muted">Payments for this subscription</caption>
        <thead>
          <tr><th scope="col">Period</th><th scope="col">Dates</th><th scope="col">Amount</th><th scope="col">Status</th><th scope="col">Charge attempts</th></tr>
        </thead>
        <tbody>
          {history.map((p) => (
            <tr key={p.id} data-testid="subscription-period-row">
              <td>{p.periodIndex + 1}</td>
              <td>{day(p.startsAt)} → {day(p.endsAt)}</td>
              <td>{formatMoney(p.amountMinor, p.currency)}</td>
              <td><span className="status">{p.status}</span></td>
              <td>
                {p.paidByOrderId ? "Paid at checkout" : null}
                {p.attempts.map((a) => (
                  <div key={a.id} data-testid="charge-attempt">
                    #{a.attemptNumber} {day(a.createdAt)} {a.status}{a.returnCode && a.returnCode !== "0000" ? ` (${a.returnCode})` : ""}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
