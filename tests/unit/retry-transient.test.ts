import { describe, expect, it } from "vitest";
import { isTransientDbError, retryTransient } from "@/lib/db/retry-transient";

describe("retrying transient database errors", () => {
  it("recognises busy, conflict and start-timeout errors and nothing else", () => {
    expect(isTransientDbError(new Error("SqliteError: database is locked"))).toBe(true);
    expect(isTransientDbError(Object.assign(new Error("write conflict"), { code: "P2034" }))).toBe(
      true,
    );
    expect(isTransientDbError(new Error("Operation has timed out"))).toBe(true);
    expect(
      isTransientDbError(Object.assign(new Error("Unique constraint failed"), { code: "P2002" })),
    ).toBe(false);
    expect(isTransientDbError("database is locked")).toBe(false);
  });

  it("recognises the driver adapter's busy and conflict errors (direct SQL), not its constraint errors", () => {
    const adapterError = (cause: object) =>
      Object.assign(new Error(String((cause as { kind: string }).kind)), {
        name: "DriverAdapterError",
        cause,
      });
    expect(
      isTransientDbError(
        adapterError({
          kind: "SocketTimeout",
          originalCode: "SQLITE_BUSY",
          originalMessage: "database is locked",
        }),
      ),
    ).toBe(true);
    expect(isTransientDbError(adapterError({ kind: "TransactionWriteConflict" }))).toBe(true);
    expect(
      isTransientDbError(
        adapterError({ kind: "postgres", code: "40P01", message: "deadlock detected" }),
      ),
    ).toBe(true);
    expect(
      isTransientDbError(
        adapterError({
          kind: "UniqueConstraintViolation",
          constraint: { fields: ["paidPeriodKey"] },
        }),
      ),
    ).toBe(false);
    expect(
      isTransientDbError(
        adapterError({ kind: "postgres", code: "23505", message: "duplicate key value" }),
      ),
    ).toBe(false);
  });

  it("retries a transient failure until it succeeds", async () => {
    let calls = 0;
    const result = await retryTransient(async () => {
      calls++;
      if (calls < 3) throw new Error("database is locked");
      return "done";
    });
    expect(result).toBe("done");
    expect(calls).toBe(3);
  });

  it("does not retry a real error, and gives up after the attempt limit", async () => {
    let calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
      }),
    ).rejects.toThrow("Unique constraint");
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryTransient(async () => {
        calls++;
        throw new Error("database is locked");
      }, 3),
    ).rejects.toThrow("locked");
    expect(calls).toBe(3);
  });
});
