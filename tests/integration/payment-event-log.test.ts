// The LINE Pay call log's group commit (lib/db/payment-event-repository.ts): calls recorded in the
// same turn share one INSERT, each caller resumes once its own row is committed, and one bad row
// costs only its own caller.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordPaymentEvent, type PaymentEventInput } from "@/lib/db/payment-event-repository";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

const event = (i: number): PaymentEventInput => ({
  endpoint: "payPreapproved",
  method: "POST",
  apiPath: `/v3/payments/preapprovedPay/RK****/payment`,
  outcome: "SUCCESS",
  returnCode: "0000",
  latencyMs: i,
  request: JSON.stringify({ orderId: `ORDER-${i}` }),
});

describe.each(PROVIDERS)("[%s] LINE Pay call log", (provider) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("120 calls recorded at once (more than one statement holds) are all committed when their callers resume", async () => {
    const written = await Promise.all(
      Array.from({ length: 120 }, async (_, i) => {
        await recordPaymentEvent(database.db, event(i));
        // Committed by the time this caller goes on.
        return database.db.paymentEvent.count({
          where: { request: JSON.stringify({ orderId: `ORDER-${i}` }) },
        });
      }),
    );
    expect(written.every((n) => n === 1)).toBe(true);
    const rows = await database.db.paymentEvent.findMany({
      where: { request: { startsWith: '{"orderId":"ORDER-' } },
      select: { id: true, latencyMs: true },
    });
    expect(rows.map((r) => r.latencyMs).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 120 }, (_, i) => i),
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(120);
  });

  it("a row the database refuses fails only its own caller; the calls recorded with it are kept", async () => {
    const bad = { ...event(1000), endpoint: null as unknown as string }; // NOT NULL column
    const results = await Promise.allSettled([
      recordPaymentEvent(database.db, event(1001)),
      recordPaymentEvent(database.db, bad),
      recordPaymentEvent(database.db, event(1002)),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const kept = await database.db.paymentEvent.findMany({
      where: { latencyMs: { gte: 1000 } },
      select: { latencyMs: true },
      orderBy: { latencyMs: "asc" },
    });
    expect(kept.map((r) => r.latencyMs)).toEqual([1001, 1002]);
  });
});
