// The production counters and gauges (lib/observability/metrics.ts) as a collector would read them:
// a renewal batch on a real SQLite database against the LINE Pay sandbox over HTTP, with one charge
// paid, one declined and one whose answer was lost, then a reconciliation run, read through an
// in-memory metric exporter. The gauges, read from the database at each collection, are checked
// against the orders.
import { metrics } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  PeriodicExportingMetricReader,
  type MetricData,
} from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RECONCILE_SCHEDULE } from "@/lib/billing/reconcile-schedule";
import { confirmCheckout } from "@/lib/checkout/confirm-checkout";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { countOpenOrders } from "@/lib/db/reconciliation-repository";
import { observeOpenOrders } from "@/lib/observability/metrics";
import { startMetrics } from "@/lib/observability/start-metrics";
import { runReconciliation } from "@/lib/reconciliation/reconciliation-job";
import { renewalDepsFrom } from "@/lib/server/renewal-deps";
import {
  createCheckoutHarness,
  redirectParams,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { movableClock, renew, subscribe } from "../helpers/subscription-harness";

const HOUR_MS = 60 * 60 * 1000;
const exporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
const provider = startMetrics([reader]);

afterAll(async () => {
  await provider.shutdown();
  metrics.disable();
});

/** The data points of one instrument at the last export, as `attributes JSON -> value`. */
async function read(name: string): Promise<Record<string, number>> {
  exporter.reset();
  await reader.forceFlush();
  const found: MetricData | undefined = exporter
    .getMetrics()
    .flatMap((resource) => resource.scopeMetrics)
    .flatMap((scope) => scope.metrics)
    .find((metric) => metric.descriptor.name === name);
  const points: Record<string, number> = {};
  for (const point of found?.dataPoints ?? [])
    points[JSON.stringify(point.attributes)] = point.value as number;
  return points;
}

describe("[sqlite] production metrics", () => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness("sqlite");
    // As the server and the job commands do at start (lib/observability/start-telemetry.ts).
    observeOpenOrders(() => countOpenOrders(h.database.db));
  });
  afterAll(async () => {
    await h?.close();
  });

  it("counts renewals by outcome, declines and unknown outcomes, and gauges the open orders", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    const paid = await subscribe(h, deps);
    const declined = await subscribe(h, deps);
    const lost = await subscribe(h, deps);
    const renewalOrder = (s: { subscription: { id: string } }) => `SUB-${s.subscription.id}-1-1`;
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", orderId: renewalOrder(declined) },
      action: { type: "returnCode", returnCode: "1110" },
      times: 1,
    });
    h.sandbox.faults.add({
      match: { endpoint: "payPreapproved", orderId: renewalOrder(lost) },
      action: { type: "commitThenDrop" },
      times: 1,
    });
    const periodEnds = [paid, declined, lost].map((s) =>
      s.subscription.currentPeriodEnd!.getTime(),
    );
    clock.set(new Date(Math.max(...periodEnds) + 1000));

    const run = await renew(deps);
    expect(run).toMatchObject({ due: 3, charged: 1, declined: 1, unknown: 1, errors: 0 });
    const provider = { provider: paid.subscription.provider };
    expect(await read("storefront.renewals")).toEqual({
      [JSON.stringify({ outcome: "charged", ...provider })]: 1,
      [JSON.stringify({ outcome: "declined", ...provider })]: 1,
      [JSON.stringify({ outcome: "unknown", ...provider })]: 1,
    });
    expect(await read("storefront.payment.declines")).toEqual({
      [JSON.stringify({ operation: "renewal", ...provider })]: 1,
    });
    expect(await read("storefront.payment.unknown_outcomes")).toEqual({
      [JSON.stringify({ operation: "renewal", ...provider })]: 1,
    });
    // The database agrees: one attempt of each kind.
    const attempts = await deps.db.chargeAttempt.findMany({
      where: { orderId: { in: [paid, declined, lost].map(renewalOrder) } },
      select: { status: true },
    });
    expect(attempts.map((a) => a.status).sort()).toEqual(["DECLINED", "SUCCEEDED", "UNKNOWN"]);

    // Two checkouts the shoppers left on LINE Pay's page; one of them flagged for a human.
    const waiting = await Promise.all(
      [0, 1].map(async () => {
        const shopper = await h.createShopper();
        const { orderId } = await startCheckout(deps, {
          userId: shopper.id,
          planCode: "vip-30",
          preferAppUrl: false,
        });
        return orderId;
      }),
    );
    await deps.db.order.update({
      where: { orderId: waiting[1] },
      data: { attentionSince: clock.now(), attentionReason: "test: checked by a person" },
    });
    // Before reconciliation: the lost renewal charge and the open checkout.
    expect(await read("storefront.reconciliation.backlog")).toEqual({ "{}": 2 });
    expect(await read("storefront.orders.needs_attention")).toEqual({ "{}": 1 });
    clock.advance(HOUR_MS);
    const reconciled = await runReconciliation(
      { checkout: deps, renewal: renewalDepsFrom(deps), schedule: DEFAULT_RECONCILE_SCHEDULE },
      { trigger: "test" },
    );
    // The lost renewal charge is found captured and settled; the open checkout stays open.
    expect(reconciled).toMatchObject({ settled: 1, stillOpen: 1, flagged: 0, errors: 0 });
    expect(await read("storefront.reconciliation.backlog")).toEqual({ "{}": 1 });
    expect(await read("storefront.orders.needs_attention")).toEqual({ "{}": 1 });
    const open = await deps.db.order.findMany({
      where: {
        OR: [
          { status: { in: ["PENDING", "CONFIRMING", "UNKNOWN"] } },
          { refundPendingMinor: { gt: 0 } },
        ],
      },
      select: { orderId: true, attentionSince: true },
    });
    expect(open.filter((o) => !o.attentionSince).map((o) => o.orderId)).toEqual([waiting[0]]);
    expect(open.filter((o) => o.attentionSince).map((o) => o.orderId)).toEqual([waiting[1]]);
  });

  it("counts a confirm LINE Pay declines and one whose answer is lost", async () => {
    const before = {
      declines: await read("storefront.payment.declines"),
      unknown: await read("storefront.payment.unknown_outcomes"),
    };
    const buyWithConfirmFault = async (
      action: { type: "returnCode"; returnCode: string } | { type: "commitThenDrop" },
    ) => {
      const shopper = await h.createShopper();
      const started = await startCheckout(h.deps, {
        userId: shopper.id,
        planCode: "vip-30",
        preferAppUrl: false,
      });
      const order = await h.database.db.order.findUniqueOrThrow({
        where: { orderId: started.orderId },
      });
      h.sandbox.faults.add({
        match: { endpoint: "confirm", orderId: order.orderId },
        action,
        times: 1,
      });
      const back = redirectParams(
        (await h.shopperAction(order.transactionId!, "approve")).redirectUrl,
      );
      return { order, confirmed: await confirmCheckout(h.deps, back) };
    };
    const refused = await buyWithConfirmFault({ type: "returnCode", returnCode: "1150" });
    expect(refused.confirmed.status).toBe("FAILED");
    const lost = await buyWithConfirmFault({ type: "commitThenDrop" });
    // The lost answer is verified at once with LINE Pay, which shows the payment taken.
    expect(lost.confirmed.status).toBe("PAID");

    const confirm = JSON.stringify({ operation: "confirm", provider: refused.order.provider });
    expect(await read("storefront.payment.declines")).toEqual({ ...before.declines, [confirm]: 1 });
    expect(await read("storefront.payment.unknown_outcomes")).toEqual({
      ...before.unknown,
      [confirm]: 1,
    });
    const changes = await h.database.db.orderStatusChange.findMany({
      where: { orderId: { in: [refused.order.id, lost.order.id] } },
      select: { orderId: true, toStatus: true },
    });
    expect(changes.filter((c) => c.orderId === lost.order.id).map((c) => c.toStatus)).toContain(
      "UNKNOWN",
    );
  });
});
