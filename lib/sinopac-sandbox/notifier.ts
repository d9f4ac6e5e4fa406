// BackendURL deliveries: JSON {ShopNo, PayToken}, success only on HTTP 200 with {"Status":"S"};
// otherwise again every retry interval (10 minutes) on the emulator clock, 5 attempts in all.
import type { SandboxContext } from "./context";
import type { Delivery } from "./store";

async function attempt(ctx: SandboxContext, delivery: Delivery): Promise<string> {
  if (ctx.backendBlocked.value) return "blocked (lost on the way)";
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.config.backendTimeoutMs);
  try {
    const response = await fetch(delivery.url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ ShopNo: delivery.shopNo, PayToken: delivery.payToken }),
      signal: controller.signal,
      redirect: "manual",
    });
    const text = await response.text();
    let status: unknown;
    try {
      status = (JSON.parse(text) as { Status?: unknown }).Status;
    } catch {
      status = undefined;
    }
    return response.status === 200 && status === "S"
      ? "ok"
      : `HTTP ${response.status} ${text.slice(0, 80)}`;
  } catch (error) {
    return controller.signal.aborted
      ? "timeout"
      : `network: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}

const runs = new WeakMap<SandboxContext, Promise<void>>();

/**
 * Runs every delivery that is due now, one run at a time. A run already under way may have listed
 * what was due before the caller queued a delivery: the caller waits for it and runs again, so a
 * transfer paid through the control API has been delivered when its answer comes.
 */
export function runDueDeliveries(ctx: SandboxContext): Promise<void> {
  const current = runs.get(ctx);
  if (current) return current.then(() => runDueDeliveries(ctx));
  const run = (async () => {
    await Promise.resolve(); // so runs.set below happens before the finally's delete
    try {
      const now = ctx.clock.now();
      const due = ctx.store.deliveries.filter(
        (d) => d.state === "pending" && d.nextAt && d.nextAt <= now,
      );
      for (const delivery of due) {
        const outcome = await attempt(ctx, delivery);
        delivery.attempts.push({ at: ctx.clock.now().toISOString(), outcome });
        ctx.config.log(
          `BackendURL ${delivery.orderNo} attempt ${delivery.attempts.length}: ${outcome}`,
        );
        if (outcome === "ok") {
          delivery.state = "delivered";
          delivery.nextAt = undefined;
        } else if (delivery.attempts.length >= ctx.config.backendMaxAttempts) {
          delivery.state = "gave_up";
          delivery.nextAt = undefined;
        } else {
          delivery.nextAt = new Date(ctx.clock.now().getTime() + ctx.config.backendRetryIntervalMs);
        }
      }
    } finally {
      runs.delete(ctx);
    }
  })();
  runs.set(ctx, run);
  return run;
}
