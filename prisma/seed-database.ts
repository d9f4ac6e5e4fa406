// Idempotent seed: plans are upserted by code (prices follow the seed), demo accounts are created
// once and never overwritten.
import type { Db } from "../lib/db/client";
import { hashPassword } from "../lib/auth/password";
import { demoAccounts, seedPlans } from "./seed-data";

export async function seedDatabase(db: Db, options: { withDemoAccounts: boolean }): Promise<void> {
  for (const plan of seedPlans) {
    await db.plan.upsert({ where: { code: plan.code }, update: { ...plan }, create: { ...plan } });
  }
  if (!options.withDemoAccounts) return;
  for (const account of demoAccounts) {
    const existing = await db.user.findUnique({ where: { email: account.email } });
    if (existing) continue;
    await db.user.create({
      data: {
        email: account.email,
        name: account.name,
        role: account.role,
        passwordHash: await hashPassword(account.password),
      },
    });
  }
}
