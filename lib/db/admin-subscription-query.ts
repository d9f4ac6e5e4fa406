// Subscriptions as the back office sees them: a filtered, keyset-paged list and one subscription
// with its periods, charge attempts, orders, status history and audit entries.
import type { Db } from "./client";
import type { Prisma } from "./generated/sqlite";
import { listAuditEntries, type AuditEntryRecord } from "./audit-repository";
import type { SubscriptionRecord } from "./subscription-repository";
import type { SubscriptionStatus } from "@/lib/billing/subscription-status";

export interface AdminSubscriptionFilter {
  status: SubscriptionStatus | null;
  planCode: string | null;
  /** A subscription id, or an email prefix. */
  q: string | null;
  before: { createdAt: Date; id: string } | null;
}

export interface AdminSubscriptionRow extends Omit<
  SubscriptionRecord,
  "regKeyCiphertext" | "regKeyKeyId"
> {
  user: { email: string };
  plan: { code: string; name: string };
  hasRegKey: boolean;
}

const withNames = {
  user: { select: { email: true } },
  plan: { select: { code: true, name: true } },
} as const;

export async function listAdminSubscriptions(
  db: Db,
  filter: AdminSubscriptionFilter,
  limit: number,
): Promise<AdminSubscriptionRow[]> {
  const and: Prisma.SubscriptionWhereInput[] = [{ status: { not: "INCOMPLETE" } }];
  if (filter.status) and.push({ status: filter.status });
  if (filter.planCode) and.push({ plan: { code: filter.planCode } });
  if (filter.q) {
    and.push(
      filter.q.includes("@")
        ? { user: { email: { startsWith: filter.q.toLowerCase() } } }
        : { id: filter.q },
    );
  }
  if (filter.before) {
    const at = filter.before.createdAt;
    and.push(
      { createdAt: { lte: at } },
      { OR: [{ createdAt: { lt: at } }, { id: { lt: filter.before.id } }] },
    );
  }
  const rows = await db.subscription.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    include: withNames,
    omit: { regKeyCiphertext: false },
  });
  // The sealed regKey never leaves this module: pages only learn whether one is stored.
  return rows.map(({ regKeyCiphertext, regKeyKeyId: _keyId, ...row }) => ({
    ...row,
    hasRegKey: regKeyCiphertext !== null,
  }));
}

export interface AdminSubscriptionDetail {
  subscription: AdminSubscriptionRow;
  periods: Prisma.BillingPeriodGetPayload<{ include: { attempts: true } }>[];
  orders: {
    orderId: string;
    kind: string;
    status: string;
    amountMinor: number;
    currency: string;
    createdAt: Date;
  }[];
  statusChanges: {
    id: string;
    fromStatus: string;
    toStatus: string;
    actor: string;
    reason: string;
    reasonCode: string | null;
    reasonParams: string | null;
    createdAt: Date;
  }[];
  audit: AuditEntryRecord[];
}

export async function findAdminSubscriptionDetail(
  db: Db,
  id: string,
): Promise<AdminSubscriptionDetail | null> {
  const found = await db.subscription.findUnique({
    where: { id },
    include: withNames,
    omit: { regKeyCiphertext: false },
  });
  if (!found) return null;
  const { regKeyCiphertext, regKeyKeyId: _keyId, ...rest } = found;
  const [periods, orders, statusChanges, audit] = await Promise.all([
    db.billingPeriod.findMany({
      where: { subscriptionId: id },
      orderBy: { periodIndex: "desc" },
      include: { attempts: { orderBy: { attemptNumber: "asc" } } },
    }),
    db.order.findMany({
      where: { subscriptionId: id },
      orderBy: { createdAt: "desc" },
      select: {
        orderId: true,
        kind: true,
        status: true,
        amountMinor: true,
        currency: true,
        createdAt: true,
      },
    }),
    db.subscriptionStatusChange.findMany({
      where: { subscriptionId: id },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    listAuditEntries(db, { targetType: "SUBSCRIPTION", targetIds: [id] }, 200),
  ]);
  return {
    subscription: { ...rest, hasRegKey: regKeyCiphertext !== null },
    periods,
    orders,
    statusChanges,
    audit,
  };
}
