// The audit log: who or what did what to which order or subscription, when, why, and the state
// before and after. Insert-only here, and the database refuses UPDATE and DELETE (triggers in the
// admin_back_office migration), so an entry cannot be rewritten after the fact.
import { randomUUID } from "node:crypto";
import type { Insertable } from "kysely";
import type { StatusReason } from "@/lib/billing/status-reason";
import type { Db, DbTransaction } from "./client";
import { reasonColumns } from "./reason-columns";
import type { AuditEntry } from "./generated/kysely/postgres/database";
import type { Prisma } from "./generated/sqlite";

export type AuditTargetType = "ORDER" | "SUBSCRIPTION" | "REFUND" | "RENEWAL_RUN" | "NOTICE";

export interface AuditInput {
  /** "admin:<userId>", "user:<userId>" or "system:<job>", the same convention as status changes. */
  actor: string;
  /** Human-readable actor at the time (an admin's email); defaults to `actor`. */
  actorLabel?: string;
  action: string;
  targetType: AuditTargetType;
  targetId: string;
  reason: StatusReason;
  before?: unknown;
  after?: unknown;
  /** When it happened on the app's clock (the test clock in development); default: now. */
  at?: Date;
}

export interface AuditEntryRecord {
  id: string;
  actor: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  reason: string;
  reasonCode: string | null;
  reasonParams: string | null;
  before: string | null;
  after: string | null;
  createdAt: Date;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The row an audit entry is stored as (the one shape both Prisma and typed SQL insert). */
export function auditEntryRow(input: AuditInput, createdAt: Date): Insertable<AuditEntry> {
  return {
    id: randomUUID(),
    actor: input.actor,
    actorLabel: input.actorLabel ?? input.actor,
    action: input.action,
    targetType: input.targetType,
    targetId: input.targetId,
    ...reasonColumns(input.reason),
    before: json(input.before),
    after: json(input.after),
    createdAt,
  };
}

export async function recordAudit(db: Db | DbTransaction, input: AuditInput): Promise<void> {
  await db.auditEntry.create({ data: auditEntryRow(input, input.at ?? new Date()) });
}

export interface AuditFilter {
  actorKind?: "admin" | "system" | "user" | null;
  action?: string | null;
  targetType?: AuditTargetType | null;
  targetIds?: string[] | null;
  before?: { createdAt: Date; id: string } | null;
}

/** Newest first, keyset-paged by (createdAt, id). */
export async function listAuditEntries(
  db: Db,
  filter: AuditFilter,
  limit = 50,
): Promise<AuditEntryRecord[]> {
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (filter.actorKind) and.push({ actor: { startsWith: `${filter.actorKind}:` } });
  if (filter.action) and.push({ action: filter.action });
  if (filter.targetType) and.push({ targetType: filter.targetType });
  if (filter.targetIds) and.push({ targetId: { in: filter.targetIds } });
  if (filter.before) {
    const at = filter.before.createdAt;
    and.push(
      { createdAt: { lte: at } },
      { OR: [{ createdAt: { lt: at } }, { id: { lt: filter.before.id } }] },
    );
  }
  return db.auditEntry.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
  });
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.auditEntry.groupBy({ by: ["action"], orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
