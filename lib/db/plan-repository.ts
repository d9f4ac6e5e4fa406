// Plans, as plain objects. Prices live in the database so the shop never hard-codes an amount.
import { sqlOf, type Db } from "./client";

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
  return sqlOf(db)
    .selectFrom("Plan")
    .selectAll()
    .where("isActive", "=", true)
    .orderBy("sortOrder", "asc")
    .orderBy("priceMinor", "asc")
    .execute();
}

export async function findActivePlanByCode(db: Db, code: string): Promise<PlanRecord | null> {
  const plan = await sqlOf(db)
    .selectFrom("Plan")
    .selectAll()
    .where("code", "=", code)
    .where("isActive", "=", true)
    .executeTakeFirst();
  return plan ?? null;
}

/** Any plan by id, on sale or not (a subscription's plan, or the plan it changes to). */
export async function findPlanById(db: Db, id: string): Promise<PlanRecord | null> {
  const plan = await sqlOf(db)
    .selectFrom("Plan")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirst();
  return plan ?? null;
}
