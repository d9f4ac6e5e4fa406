// Typed SQL (Kysely) on the Prisma client's own connection (lib/db/prisma-adapter-dialect.ts), on
// both databases: a caller resumes only once its transaction is committed, a transaction that
// throws is undone without touching the others, a plain query never slips into another task's open
// transaction, and rows come back with the types Prisma itself reads (dates, booleans, numbers).
// On SQLite, transactions begun together share one commit (lib/db/sqlite-group-commit.ts), so the
// last cases pin what sharing must never cost: a failed COMMIT, and a transaction SQLite ends early.
import BetterSqlite3 from "better-sqlite3";
import { sql as sqlTag, type Transaction } from "kysely";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { providerOf, sqlOf } from "@/lib/db/client";
import type { DB as Database } from "@/lib/db/generated/kysely/postgres/database";
import { retryTransient } from "@/lib/db/retry-transient";
import { createTestDatabase, PROVIDERS, type TestDatabase } from "../helpers/test-databases";

const WINDOW = new Date("2026-11-23T00:00:00Z");

describe.each(PROVIDERS)("[%s] typed SQL on the Prisma connection", (provider) => {
  let database: TestDatabase;
  const keys = async (prefix: string) =>
    (
      await database.db.rateLimitWindow.findMany({
        where: { key: { startsWith: prefix } },
        select: { key: true },
        orderBy: { key: "asc" },
      })
    ).map((r) => r.key);

  beforeAll(async () => {
    database = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await database?.drop();
  });
  beforeEach(async () => {
    await database.db.rateLimitWindow.deleteMany({});
  });

  it("knows its provider", () => {
    expect(providerOf(database.db)).toBe(provider);
  });

  it("100 transactions started together: each caller resumes with its own result once committed", async () => {
    const sql = sqlOf(database.db);
    const results = await Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const key = `many-${String(i).padStart(3, "0")}`;
        const value = await sql.transaction().execute(async (tx) => {
          await tx
            .insertInto("RateLimitWindow")
            .values({ key, windowStart: WINDOW, hits: i })
            .execute();
          const row = await tx
            .selectFrom("RateLimitWindow")
            .select("hits")
            .where("key", "=", key)
            .executeTakeFirst();
          return row?.hits;
        });
        const seen = await database.db.rateLimitWindow.count({ where: { key } });
        return { value, seen };
      }),
    );
    expect(results.map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(results.every((r) => r.seen === 1)).toBe(true);
  });

  it("a transaction that throws is undone and fails only its own caller", async () => {
    const sql = sqlOf(database.db);
    const insert = (
      tx: Parameters<Parameters<ReturnType<typeof sql.transaction>["execute"]>[0]>[0],
      key: string,
      hits = 1,
    ) => tx.insertInto("RateLimitWindow").values({ key, windowStart: WINDOW, hits }).execute();
    const outcomes = await Promise.allSettled(
      ["a", "b", "c", "d"].map((name) =>
        sql.transaction().execute(async (tx) => {
          await insert(tx, `iso-${name}`);
          await insert(tx, `iso-${name}-second`);
          if (name === "b") throw new Error("b changed its mind");
          // A constraint error mid-transaction: its first rows must go too.
          if (name === "c") await insert(tx, `iso-${name}`, 2);
          return name;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error("b changed its mind"));
    expect(await keys("iso-")).toEqual(["iso-a", "iso-a-second", "iso-d", "iso-d-second"]);
  });

  it("a plain write made while another transaction is open is not undone by that transaction's rollback", async () => {
    const sql = sqlOf(database.db);
    let release!: () => void;
    const holding = new Promise<void>((resolve) => (release = resolve));
    const rolledBack = sql
      .transaction()
      .execute(async (tx) => {
        await tx
          .insertInto("RateLimitWindow")
          .values({ key: "open-tx", windowStart: WINDOW, hits: 1 })
          .execute();
        await holding;
        throw new Error("rolled back");
      })
      .catch((error: Error) => error.message);
    const plain = sql
      .insertInto("RateLimitWindow")
      .values({ key: "open-plain", windowStart: WINDOW, hits: 1 })
      .execute();
    setTimeout(release, 50);
    expect(await rolledBack).toBe("rolled back");
    await plain;
    expect(await keys("open-")).toEqual(["open-plain"]);
  });

  it("compare-and-set updates report the rows they changed", async () => {
    const sql = sqlOf(database.db);
    await sql
      .insertInto("RateLimitWindow")
      .values({ key: "cas", windowStart: WINDOW, hits: 1 })
      .execute();
    const first = await sql
      .updateTable("RateLimitWindow")
      .set({ hits: 2 })
      .where("key", "=", "cas")
      .where("hits", "=", 1)
      .executeTakeFirst();
    const second = await sql
      .updateTable("RateLimitWindow")
      .set({ hits: 3 })
      .where("key", "=", "cas")
      .where("hits", "=", 1)
      .executeTakeFirst();
    expect([first.numUpdatedRows, second.numUpdatedRows]).toEqual([1n, 0n]);
  });

  it("reads dates, booleans and integers as the Prisma client does", async () => {
    const sql = sqlOf(database.db);
    const viaPrisma = await database.db.plan.findFirstOrThrow({ orderBy: { sortOrder: "asc" } });
    const viaSql = await sql
      .selectFrom("Plan")
      .selectAll()
      .where("id", "=", viaPrisma.id)
      .executeTakeFirstOrThrow();
    expect(viaSql).toEqual(viaPrisma);
    const returned = await sql
      .updateTable("Plan")
      .set({ updatedAt: WINDOW })
      .where("id", "=", viaPrisma.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    expect(returned).toEqual({ ...viaPrisma, updatedAt: WINDOW });
    expect(await database.db.plan.findUniqueOrThrow({ where: { id: viaPrisma.id } })).toEqual(
      returned,
    );
  });
});

describe("[sqlite] group commit", () => {
  let database: TestDatabase;
  let reader: BetterSqlite3.Database;
  const committedKeys = (prefix: string) =>
    (
      reader
        .prepare(`SELECT "key" FROM "RateLimitWindow" WHERE "key" LIKE ? ORDER BY "key"`)
        .all(`${prefix}%`) as Array<{ key: string }>
    ).map((r) => r.key);
  const insertWindow = (tx: Transaction<Database>, key: string) =>
    tx.insertInto("RateLimitWindow").values({ key, windowStart: WINDOW, hits: 1 }).execute();

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    // A second connection sees only what is committed.
    reader = new BetterSqlite3(database.url.replace(/^file:/, ""), { readonly: true });
  });
  afterAll(async () => {
    reader?.close();
    await database?.drop();
  });

  it("transactions begun in one turn share one commit: none is visible to another connection before the last has run", async () => {
    const seenByOthers: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        sqlOf(database.db)
          .transaction()
          .execute(async (tx) => {
            await insertWindow(tx, `group-${i}`);
            seenByOthers.push(committedKeys("group-").length);
          }),
      ),
    );
    // One transaction each would have shown 0, 1, 2, … committed rows to the reader.
    expect(seenByOthers).toEqual(Array(10).fill(0));
    expect(committedKeys("group-")).toHaveLength(10);
  });

  it("a COMMIT that fails fails every member of the group, and nothing of it is kept", async () => {
    const sql = sqlOf(database.db);
    const outcomes = await Promise.allSettled([
      sql.transaction().execute((tx) => insertWindow(tx, "commit-fine")),
      sql.transaction().execute(async (tx) => {
        // Checked only at COMMIT: a billing period of a subscription that does not exist.
        await sqlTag`PRAGMA defer_foreign_keys = ON`.execute(tx);
        await tx
          .insertInto("BillingPeriod")
          .values({
            id: "bp-orphan",
            subscriptionId: "no-such-subscription",
            periodIndex: 1,
            startsAt: WINDOW,
            endsAt: WINDOW,
            amountMinor: 100,
            currency: "TWD",
            status: "OPEN",
            createdAt: WINDOW,
            updatedAt: WINDOW,
          })
          .execute();
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(["rejected", "rejected"]);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(
      /FOREIGN KEY|ForeignKey/i,
    );
    expect(committedKeys("commit-")).toEqual([]);
    expect(await database.db.billingPeriod.count({ where: { id: "bp-orphan" } })).toBe(0);
    // The connection is usable afterwards.
    await sql.transaction().execute((tx) => insertWindow(tx, "commit-after"));
    expect(committedKeys("commit-")).toEqual(["commit-after"]);
  });

  it("when SQLite ends the whole transaction under a member, the others fail as transient and commit once when run again", async () => {
    const runs = new Map<string, number>();
    const outcomes = await Promise.allSettled(
      ["first", "second", "breaks", "last"].map((name) =>
        retryTransient(() =>
          sqlOf(database.db)
            .transaction()
            .execute(async (tx) => {
              runs.set(name, (runs.get(name) ?? 0) + 1);
              await insertWindow(tx, `ended-${name}`);
              if (name === "breaks") {
                // What a full disk or an interrupt does: the transaction is gone, not just the savepoint.
                await sqlTag`ROLLBACK`.execute(tx);
                throw new Error("transaction ended under the work");
              }
              return name;
            }),
        ),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      "fulfilled",
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect(runs.get("first")).toBe(2);
    expect(runs.get("second")).toBe(2);
    expect(runs.get("breaks")).toBe(1);
    expect(committedKeys("ended-")).toEqual(["ended-first", "ended-last", "ended-second"]);
  });
});
