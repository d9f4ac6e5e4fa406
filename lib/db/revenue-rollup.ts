// The revenue rollup (RevenueDay, RevenueShare, RevenueCoverage) kept up to date by the fold of the
// rollups' queue (lib/db/rollup-queue.ts): order and subscription transitions, refund settlements,
// charge outcomes and schedule moves queue the sources they touched, and the fold calls
// refreshRevenueRollup with them, one batch per transaction, under the fold's lock. A refresh
// recomputes each source's shares from its own rows (a few rows per source), takes back what the
// source added before and adds what it adds now, so the rule lives in one place and a repeated
// refresh changes nothing. Additions are `+=` on the day's row.
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { DB as Database } from "./generated/kysely/postgres/database";
import { SHARE_COUNTERS, emptyCounters, type Share } from "@/lib/billing/revenue-shares";
import { orderSourceShares, subscriptionSourceShares, type SourceShares } from "./revenue-sources";
import { refreshOrderTotals } from "./order-totals-rollup";

export interface RollupSources {
  subscriptionIds?: string[];
  orderIds?: string[];
}

const keyOf = (s: { currency: string; day: string }) => `${s.currency}\u0000${s.day}`;
const fingerprint = (shares: Share[]) =>
  JSON.stringify(
    shares
      .map((s) => [s.currency, s.day, ...SHARE_COUNTERS.map((c) => s[c])])
      .sort((a, b) => String(a).localeCompare(String(b))),
  );

export async function refreshRevenueRollup(
  tx: Kysely<Database>,
  sources: RollupSources,
): Promise<void> {
  const computed = [
    ...(await subscriptionSourceShares(tx, [...new Set(sources.subscriptionIds ?? [])])),
    ...(await orderSourceShares(tx, [...new Set(sources.orderIds ?? [])])),
  ];
  // The orders' place in the admin totals moves with them (lib/db/order-totals-rollup.ts).
  await refreshOrderTotals(tx, [...new Set(sources.orderIds ?? [])]);
  if (computed.length === 0) return;
  const stored = await tx
    .selectFrom("RevenueShare")
    .selectAll()
    .where(
      "sourceId",
      "in",
      computed.map((c) => c.sourceId),
    )
    .execute();
  const changed = computed.filter(
    (c) => fingerprint(stored.filter((s) => s.sourceId === c.sourceId)) !== fingerprint(c.shares),
  );
  if (changed.length > 0) {
    const changedIds = new Set(changed.map((c) => c.sourceId));
    const taken = stored.filter((s) => changedIds.has(s.sourceId));
    const added = changed.flatMap((c) => c.shares.map((s) => ({ sourceId: c.sourceId, ...s })));
    await tx
      .deleteFrom("RevenueShare")
      .where("sourceId", "in", [...changedIds])
      .execute();
    if (added.length) await tx.insertInto("RevenueShare").values(added).execute();
    await addToRevenueDays(tx, netChanges(taken, added));
  }
  await replaceCoverage(tx, computed);
}

/** Per (currency, day): what was added less what was taken back; days with no change left out. */
function netChanges(taken: Share[], added: Share[]): Share[] {
  const byDay = new Map<string, Share>();
  const apply = (share: Share, sign: number) => {
    const row = byDay.get(keyOf(share)) ?? {
      currency: share.currency,
      day: share.day,
      ...emptyCounters(),
    };
    for (const c of SHARE_COUNTERS) row[c] += sign * share[c];
    byDay.set(keyOf(share), row);
  };
  taken.forEach((s) => apply(s, -1));
  added.forEach((s) => apply(s, 1));
  return [...byDay.values()]
    .filter((row) => SHARE_COUNTERS.some((c) => row[c] !== 0))
    .sort((a, b) => keyOf(a).localeCompare(keyOf(b)));
}

/** Adds each change to its day's row (created at zero), in key order so writers never deadlock. */
async function addToRevenueDays(tx: Kysely<Database>, changes: Share[]): Promise<void> {
  if (changes.length === 0) return;
  await tx
    .insertInto("RevenueDay")
    .values(changes.map(({ currency, day, ...counters }) => ({ currency, day, ...counters })))
    .onConflict((conflict) =>
      conflict
        .columns(["currency", "day"])
        .doUpdateSet((eb) =>
          Object.fromEntries(
            SHARE_COUNTERS.map((c) => [
              c,
              eb(eb.ref(`RevenueDay.${c}`), "+", eb.ref(`excluded.${c}`)),
            ]),
          ),
        ),
    )
    .execute();
}

const spanKey = (s: {
  currency: string;
  startsAt: Date;
  endsAt: Date;
  monthlyValueMinor: number;
}) => `${s.currency}|${s.startsAt.getTime()}|${s.endsAt.getTime()}|${s.monthlyValueMinor}`;

/** Replaces the paid spans of the refreshed subscriptions whose spans changed. */
async function replaceCoverage(tx: Kysely<Database>, computed: SourceShares[]): Promise<void> {
  const fresh = computed.flatMap((c) => (c.coverage ? [c.coverage] : []));
  if (fresh.length === 0) return;
  const stored = await tx
    .selectFrom("RevenueCoverage")
    .select(["subscriptionId", "currency", "startsAt", "endsAt", "monthlyValueMinor"])
    .where(
      "subscriptionId",
      "in",
      fresh.map((f) => f.subscriptionId),
    )
    .execute();
  const keysOf = (spans: Parameters<typeof spanKey>[0][]) => spans.map(spanKey).sort().join(",");
  const changed = fresh.filter(
    (f) => keysOf(stored.filter((s) => s.subscriptionId === f.subscriptionId)) !== keysOf(f.spans),
  );
  if (changed.length === 0) return;
  await tx
    .deleteFrom("RevenueCoverage")
    .where(
      "subscriptionId",
      "in",
      changed.map((c) => c.subscriptionId),
    )
    .execute();
  const rows = changed.flatMap((c) =>
    c.spans.map((span) => ({ id: randomUUID(), subscriptionId: c.subscriptionId, ...span })),
  );
  if (rows.length) await tx.insertInto("RevenueCoverage").values(rows).execute();
}
