// Plans, as plain objects. Prices live in the database so the shop never hard-codes an amount.
import type { Db } from "./client";

export interface PlanRecord {
  id: string;
  code: string;
  name: string;
  description: string;
  kind: "ONE_TIME" | "RECURRING";
  priceMinor: number;
  currency: string;
  durationDays: number;
  billingInterval: "MONTH" | "YEAR" | null;
  /** MANUAL: confirm only authorizes; the back office captures or voids. */
  captureMode: "AUTOMATIC" | "MANUAL";
  isActive: boolean;
}

export async function listActivePlans(db: Db): Promise<PlanRecord[]> {
  return db.plan.findMany({
    where: { isActive: true },
    orderBy: [{ sortOrder: "asc" }, { priceMinor: "asc" }],
  });
}

export async function findActivePlanByCode(db: Db, code: string): Promise<PlanRecord | null> {
  return db.plan.findFirst({ where: { code, isActive: true } });
}
