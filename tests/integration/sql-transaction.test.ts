// sqlTransaction (lib/db/driver-sql.ts), the renewal hot path's transactions: on both databases a
// caller resumes only once its own work is committed, and a work that throws is undone without
// touching the others. On SQLite, transactions asked for in one turn share one commit (group
// commit), so the cases below also pin what sharing must never cost: a rolled-back neighbour, a
// transaction SQLite ends early, and a failed COMMIT. On Postgres, statements go out as named
// prepared statements, except behind a transaction-mode pooler (pgbouncer=true).
import BetterSqlite3 from "better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db/client";
import { sqlTransaction, type SqlRunner } from "@/lib/db/driver-sql";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

const insertWindow = `INSERT INTO "RateLimitWindow" ("key", "windowStart", "hits") VALUES (?, ?, ?)`;
const WINDOW = new Date("2026-11-23T00:00:00Z");

describe.each(PROVIDERS)("[%s] sqlTransaction", (provider) => {
  let database: TestDatabase;
  const keys = async (prefix: string) =>
    (await database.db.rateLimitWindow.findMany({ where: { key: { startsWith: prefix } }, select: { key: true }, orderBy: { key: "asc" } })).map((r) => r.key);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.rateLimitWindow.deleteMany({});
  });

  it("100 transactions started together: each caller resumes with its own result once its rows are committed", async () => {
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const value = await sqlTransaction(database.db, async (sql) => {
          await sql.execute(insertWindow, [`many-${String(i).padStart(3, "0")}`, WINDOW, i]);
          const [row] = await sql.query<{ hits: number }>(`SELECT "hits" FROM "RateLimitWindow" WHERE "key" = ?`, [`many-${String(i).padStart(3, "0")}`]);
          return row?.hits;
        });
        // Committed by the time this caller goes on: visible to a Prisma query.
        const seen = await database.db.rateLimitWindow.count({ where: { key: `many-${String(i).padStart(3, "0")}` } });
        return { value, seen };
      }),
    );
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(results.every((r) => r.seen === 1)).toBe(true);
    expect(await keys("many-")).toHaveLength(100);
  });

  it("a work that throws is undone and fails only its own caller; the ones started with it are committed", async () => {
    const outcomes = await Promise.allSettled(
      ["a", "b", "c", "d"].map((name) =>
        sqlTransaction(database.db, async (sql) => {
          await sql.execute(insertWindow, [`iso-${name}`, WINDOW, 1]);
          await sql.execute(insertWindow, [`iso-${name}-second`, WINDOW, 1]);
          if (name === "b") throw new Error("b changed its mind");
          // A constraint error mid-work: its first row must go too.
          if (name === "c") await sql.execute(insertWindow, [`iso-${name}`, WINDOW, 2]);
          return name;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("b changed its mind"));
    expect(await keys("iso-")).toEqual(["iso-a", "iso-a-second", "iso-d", "iso-d-second"]);
  });
});

describe("[sqlite] group commit", () => {
  let database: TestDatabase;
  let reader: BetterSqlite3.Database;
  const committedKeys = (prefix: string) =>
    (reader.prepare(`SELECT "key" FROM "RateLimitWindow" WHERE "key" LIKE ? ORDER BY "key"`).all(`${prefix}%`) as Array<{ key: string }>).map((r) => r.key);

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    // A second connection sees only what is committed.
    reader = new BetterSqlite3(database.url.replace(/^file:/, ""), { readonly: true });
  });
  afterAll(async () => {
    reader?.close();
    await database?.drop();
  });

  it("transactions asked for in one turn share one commit: none is visible to another connection before the last has run", async () => {
    const seenByOthers: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sqlTransaction(database.db, async (sql) => {
          await sql.execute(insertWindow, [`group-${i}`, WINDOW, i]);
          seenByOthers.push(committedKeys("group-").length);
        }),
      ),
    );
    // One transaction each would have shown 0, 1, 2, … committed rows to the reader.
    expect(seenByOthers).toEqual(Array(10).fill(0));
    expect(committedKeys("group-")).toHaveLength(10);
  });

  it("when SQLite ends the whole transaction under a work, the works before it run again and are committed once", async () => {
    const runs = new Map<string, number>();
    const outcomes = await Promise.allSettled(
      ["first", "second", "breaks", "last"].map((name) =>
        sqlTransaction(database.db, async (sql) => {
          runs.set(name, (runs.get(name) ?? 0) + 1);
          await sql.execute(insertWindow, [`ended-${name}`, WINDOW, 1]);
          if (name === "breaks") {
            // What a full disk or an interrupt does: the transaction is gone, not just the savepoint.
            await sql.execute("ROLLBACK");
            throw new Error("transaction ended under the work");
          }
          return name;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled"]);
    expect(Object.fromEntries(runs)).toEqual({ first: 2, second: 2, breaks: 1, last: 1 });
    expect(committedKeys("ended-")).toEqual(["ended-first", "ended-last", "ended-second"]);
  });

  it("a COMMIT that fails fails every caller of the group, and nothing of it is kept", async () => {
    const [pragma] = await database.db.$queryRawUnsafe<Array<{ foreign_keys: bigint | number }>>("PRAGMA foreign_keys");
    expect(Number(pragma?.foreign_keys)).toBe(1);
    const outcomes = await Promise.allSettled([
      sqlTransaction(database.db, async (sql) => {
        await sql.execute(insertWindow, ["commit-fine", WINDOW, 1]);
      }),
      sqlTransaction(database.db, async (sql) => {
        // Checked only at COMMIT: a billing period of a subscription that does not exist.
        await sql.execute("PRAGMA defer_foreign_keys = ON");
        await sql.execute(
          `INSERT INTO "BillingPeriod" ("id", "subscriptionId", "periodIndex", "startsAt", "endsAt", "amountMinor", "currency", "status", "createdAt", "updatedAt")
           VALUES ('bp-orphan', 'no-such-subscription', 1, ?, ?, 100, 'TWD', 'OPEN', ?, ?)`,
          [WINDOW, WINDOW, WINDOW, WINDOW],
        );
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/FOREIGN KEY/i);
    expect(committedKeys("commit-")).toEqual([]);
    expect(await database.db.billingPeriod.count({ where: { id: "bp-orphan" } })).toBe(0);
    // The connection is usable afterwards.
    await sqlTransaction(database.db, (sql) => sql.execute(insertWindow, ["commit-after", WINDOW, 1]));
    expect(committedKeys("commit-")).toEqual(["commit-after"]);
  });
});

describe("[postgres] prepared statements", () => {
  let database: TestDatabase;
  const preparedNames = (sql: SqlRunner) =>
    sql.query<{ name: string; statement: string }>(`SELECT "name", "statement" FROM pg_prepared_statements WHERE "name" LIKE 'storefront_%'`);

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("each distinct statement is prepared once per connection, under a name that always means that text", async () => {
    const seen = await sqlTransaction(database.db, async (sql) => {
      for (let i = 0; i < 3; i++) await sql.execute(insertWindow, [`prepared-${i}`, WINDOW, i]);
      return preparedNames(sql);
    });
    const insert = seen.filter((row) => row.statement.includes(`INSERT INTO "RateLimitWindow"`));
    // Postgres shows the text with $n placeholders: one entry, however often it ran.
    expect(insert).toHaveLength(1);
    expect(insert[0]?.statement).toContain(`VALUES ($1, $2, $3)`);
    expect(await database.db.rateLimitWindow.count({ where: { key: { startsWith: "prepared-" } } })).toBe(3);
  });

  it("with pgbouncer=true in the URL (a pooler in transaction mode) nothing is prepared by name", async () => {
    const url = new URL(database.url);
    url.searchParams.set("pgbouncer", "true");
    const pooled = createDb(url.toString());
    try {
      const seen = await sqlTransaction(pooled, async (sql) => {
        await sql.execute(insertWindow, ["pooled-1", WINDOW, 1]);
        return preparedNames(sql);
      });
      expect(seen).toEqual([]);
      expect(await pooled.rateLimitWindow.count({ where: { key: "pooled-1" } })).toBe(1);
    } finally {
      await pooled.$disconnect();
    }
  });
});
