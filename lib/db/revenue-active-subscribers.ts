// The revenue dashboard's active subscribers and MRR at each month's instant, computed in the
// database (definitions: lib/billing/revenue-metrics.ts).
import { sql } from "kysely";
import { providerOf, sqlOf, type Db } from "./client";
import { inTurn, toNumber } from "./in-turn";

/**
 * Active subscribers and MRR at each instant: subscriptions with a PAID period covering it that had
 * not ended by then. Subscriptions are read in slices by the month they started (the anchorAt
 * index), each slice one grouped pass over their paid periods (the subscription's period index),
 * so overlapping periods count once. On SQLite the slices are taken in turn (see inTurn), so no
 * statement holds the server's thread for the whole figure; Postgres takes one slice.
 */
export async function activeByMonth(db: Db, currency: string, instants: Date[]) {
  const q = sqlOf(db);
  const oldest = await q
    .selectFrom("Subscription")
    .select((eb) => eb.fn.min("anchorAt").as("at"))
    .where("currency", "=", currency)
    .where("anchorAt", "is not", null)
    .executeTakeFirst();
  const totals = instants.map(() => ({ count: 0, mrrMinor: 0 }));
  if (!oldest?.at) return totals;
  // Postgres works the whole figure in one statement without holding up other requests.
  const slices: Slice[] =
    providerOf(db) === "postgres"
      ? [[null, null]]
      : anchorSlices(new Date(oldest.at), instants.at(-1)!);
  const results = await inTurn(
    db,
    slices.map(
      ([from, to]) =>
        () =>
          activeInSlice(db, currency, instants, [from, to]),
    ),
  );
  for (const row of results)
    instants.forEach((_, i) => {
      totals[i]!.count += toNumber(row?.[`a${i}`]);
      totals[i]!.mrrMinor += toNumber(row?.[`m${i}`]);
    });
  return totals;
}

const SLICE_MS = 31 * 86_400_000;

/** [from, to) of anchorAt; null: open. The first and last slices are open, so none is missed. */
type Slice = [Date | null, Date | null];

/**
 * 31-day slices of anchorAt from `oldest` to `last`, open at both ends; one open slice when every
 * subscription started after `last` (a view of the past, or a clock moved back).
 */
function anchorSlices(oldest: Date, last: Date): Slice[] {
  const slices: Slice[] = [[null, new Date(oldest.getTime() + SLICE_MS)]];
  for (let from = oldest.getTime() + SLICE_MS; from <= last.getTime(); from += SLICE_MS)
    slices.push([new Date(from), new Date(from + SLICE_MS)]);
  slices[slices.length - 1]![1] = null;
  return slices;
}

function activeInSlice(db: Db, currency: string, instants: Date[], [from, to]: Slice) {
  const q = sqlOf(db);
  // Yearly plans count for a twelfth of their price (rounded half up, in integers on both databases).
  const monthlyValue = sql<number>`case when ${sql.ref("s.interval")} = 'YEAR' then (${sql.ref("s.amountMinor")} * 2 + 12) / 24 else ${sql.ref("s.amountMinor")} end`;
  const perSubscription = q
    .selectFrom("Subscription as s")
    .innerJoin("BillingPeriod as p", "p.subscriptionId", "s.id")
    .select([
      "s.id",
      sql<number>`max(${monthlyValue})`.as("monthlyValue"),
      ...instants.map((at, i) =>
        sql<number>`max(case when ${sql.ref("p.startsAt")} <= ${at} and ${sql.ref("p.endsAt")} > ${at} and (${sql.ref("s.endedAt")} is null or ${sql.ref("s.endedAt")} > ${at}) then 1 else 0 end)`.as(
          `c${i}`,
        ),
      ),
    ])
    .where("s.currency", "=", currency)
    .where("s.anchorAt", "is not", null)
    .$if(from !== null, (qb) => qb.where("s.anchorAt", ">=", from!))
    .$if(to !== null, (qb) => qb.where("s.anchorAt", "<", to!))
    .where((eb) => eb.or([eb("s.endedAt", "is", null), eb("s.endedAt", ">", instants[0]!)]))
    .where("p.currency", "=", currency)
    .where("p.status", "=", "PAID")
    .where("p.endsAt", ">", instants[0]!)
    .groupBy("s.id");
  return q
    .selectFrom(perSubscription.as("c"))
    .select(
      instants.flatMap((_, i) => [
        sql<number>`sum(${sql.ref(`c.c${i}`)})`.as(`a${i}`),
        sql<number>`sum(${sql.ref(`c.c${i}`)} * ${sql.ref("c.monthlyValue")})`.as(`m${i}`),
      ]),
    )
    .executeTakeFirst();
}
