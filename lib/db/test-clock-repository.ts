// The development/test clock offset (one row). Production never reads it: see lib/server/app-clock.ts.
import type { Db } from "./client";

export async function readClockOffsetMs(db: Db): Promise<number> {
  const row = await db.testClock.findUnique({ where: { id: 1 } });
  return row ? Number(row.offsetMs) : 0;
}

export async function writeClockOffsetMs(db: Db, offsetMs: number): Promise<void> {
  const value = BigInt(Math.round(offsetMs));
  await db.testClock.upsert({
    where: { id: 1 },
    update: { offsetMs: value },
    create: { id: 1, offsetMs: value },
  });
}
