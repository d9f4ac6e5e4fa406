// The app's own SQLite driver adapter (lib/db/sqlite-driver-adapter.ts: cached prepared statements,
// plain queries kept out of open transactions) against Prisma's @prisma/adapter-better-sqlite3 on
// the same migrated file: the same result sets (column types, dates, booleans, 64-bit integers,
// nulls, bytes), the same errors Prisma maps to its codes, the same rows through Prisma's client;
// and what the stock adapter does not do: a plain query waits for an open transaction, and a
// statement prepared before a schema change (its own or another connection's) sees the new columns.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import {
  ColumnTypeEnum,
  type ArgType,
  type SqlDriverAdapter,
  type SqlQuery,
  type SqlResultSet,
} from "@prisma/driver-adapter-utils";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient as SqliteClient } from "@/lib/db/generated/sqlite";
import { SqliteAdapterFactory } from "@/lib/db/sqlite-driver-adapter";
import { createTestDatabase, type TestDatabase } from "../helpers/test-databases";

const scalar = (scalarType: ArgType["scalarType"]): ArgType => ({ scalarType, arity: "scalar" });
const q = (sql: string, args: unknown[] = [], argTypes: ArgType[] = []): SqlQuery => ({
  sql,
  args,
  argTypes: argTypes.length ? argTypes : args.map(() => scalar("unknown")),
});
const AT = new Date("2026-12-03T08:30:00.123Z");

/** The rejection of `work`, or null when it resolves. */
async function failure(work: Promise<unknown>): Promise<{ name: string; cause: unknown } | null> {
  try {
    await work;
    return null;
  } catch (error) {
    const { name, cause } = error as Error;
    return { name, cause };
  }
}

describe("[sqlite] the app's driver adapter answers as Prisma's better-sqlite3 adapter does", () => {
  let database: TestDatabase;
  let ours: SqlDriverAdapter;
  let stock: SqlDriverAdapter;

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    await database.db.user.create({
      data: { id: "u1", email: "a@example.com", name: null, createdAt: AT, noticesByLine: true },
    });
    await database.db.plan.create({
      data: {
        id: "p1",
        code: "adapter-test",
        name: "Adapter test",
        description: "",
        kind: "ONE_TIME",
        priceMinor: 300,
        currency: "TWD",
        durationDays: 30,
        isActive: false,
      },
    });
    ours = await new SqliteAdapterFactory({ url: database.url }).connect();
    stock = await new PrismaBetterSQLite3({ url: database.url }).connect();
  });
  afterAll(async () => {
    await ours?.dispose();
    await stock?.dispose();
    await database?.drop();
  });

  const both = async (query: SqlQuery): Promise<[SqlResultSet, SqlResultSet]> => [
    await ours.queryRaw(query),
    await stock.queryRaw(query),
  ];

  it.each([
    ["a row with dates, booleans and a null", q(`SELECT * FROM "User" WHERE "id" = ?`, ["u1"])],
    ["a row of another table", q(`SELECT * FROM "Plan"`)],
    [
      "expressions: a count, a sum, a max date, a null, a float, 2^53 + 1",
      q(
        `SELECT count(*) AS n, sum("priceMinor") AS total, max("createdAt") AS latest, NULL AS empty,
         1.5 AS half, 9007199254740993 AS big FROM "Plan"`,
      ),
    ],
    [
      "arguments: a date, a boolean, an int and a bigint given as text",
      q(
        `SELECT ? AS at, ? AS yes, ? AS n, ? AS big`,
        [AT, true, "42", "9007199254740993"],
        [scalar("datetime"), scalar("boolean"), scalar("int"), scalar("bigint")],
      ),
    ],
    ["no rows", q(`SELECT "id", "createdAt" FROM "User" WHERE "id" = ?`, ["nobody"])],
  ])("%s", async (_, query) => {
    const [mine, theirs] = await both(query);
    expect(mine).toEqual(theirs);
    expect(mine.rows.length).toBe(theirs.rows.length);
  });

  it("bytes from an expression come back as bytes (Prisma's adapter throws on them)", async () => {
    const result = await ours.queryRaw(q(`SELECT x'00ff' AS bytes`));
    expect(result.rows).toEqual([[[0, 255]]]);
    await expect(stock.queryRaw(q(`SELECT x'00ff' AS bytes`))).rejects.toThrow(/unexpected value/);
  });

  it("the same statement again (now from the cache) gives the same answer with new arguments", async () => {
    const sql = `SELECT "email", "noticesByLine" FROM "User" WHERE "id" = ?`;
    for (const id of ["u1", "nobody", "u1"]) {
      const [mine, theirs] = await both(q(sql, [id]));
      expect(mine).toEqual(theirs);
    }
    expect((await ours.queryRaw(q(sql, ["u1"]))).rows).toEqual([["a@example.com", 1n.toString()]]);
  });

  it("a write through queryRaw with RETURNING, and a count of changed rows through executeRaw", async () => {
    const insert = (id: string) =>
      q(
        `INSERT INTO "RateLimitWindow" ("key", "windowStart", "hits") VALUES (?, ?, ?) RETURNING *`,
        [id, AT, 1],
        [scalar("string"), scalar("datetime"), scalar("int")],
      );
    const mine = await ours.queryRaw(insert("k-ours"));
    const theirs = await stock.queryRaw(insert("k-stock"));
    expect({ ...mine, rows: mine.rows.map((row) => row.slice(1)) }).toEqual({
      ...theirs,
      rows: theirs.rows.map((row) => row.slice(1)),
    });
    const bump = q(`UPDATE "RateLimitWindow" SET "hits" = "hits" + 1 WHERE "key" LIKE 'k-%'`);
    expect(await ours.executeRaw(bump)).toBe(2);
    expect(await stock.executeRaw(bump)).toBe(2);
  });

  it.each([
    [
      "a unique key taken",
      `INSERT INTO "User" ("id", "email", "updatedAt") VALUES ('u2', 'a@example.com', 0)`,
    ],
    ["a required column left empty", `INSERT INTO "User" ("id", "updatedAt") VALUES ('u3', 0)`],
    ["a missing table", `SELECT * FROM "NoSuchTable"`],
    ["a missing column", `SELECT "noSuchColumn" FROM "User"`],
  ])("the same error for %s", async (_, sql) => {
    const mine = await failure(ours.executeRaw(q(sql)));
    const theirs = await failure(stock.executeRaw(q(sql)));
    expect(mine).not.toBeNull();
    expect(mine).toEqual(theirs);
  });

  it("rows read through Prisma's client are the same values, types included", async () => {
    const stockClient = new SqliteClient({
      adapter: new PrismaBetterSQLite3({ url: database.url }),
      omit: { user: { passwordHash: true } }, // as createDb's client
    });
    try {
      const read = (db: typeof database.db) =>
        Promise.all([
          db.user.findUniqueOrThrow({ where: { id: "u1" } }),
          db.plan.findMany(),
          db.plan.aggregate({ _sum: { priceMinor: true }, _count: true }),
        ]);
      const [mine, theirs] = [await read(database.db), await read(stockClient)];
      expect(mine).toEqual(theirs);
      expect(mine[0].createdAt).toEqual(AT);
      expect(mine[0].noticesByLine).toBe(true);
      expect(mine[0].name).toBeNull();
      expect(mine[1].find((plan) => plan.id === "p1")?.isActive).toBe(false);
    } finally {
      await stockClient.$disconnect();
    }
  });
});

describe("[sqlite] the app's driver adapter: transactions and statements", () => {
  let database: TestDatabase;
  let adapter: SqlDriverAdapter;
  const keys = async () =>
    (await adapter.queryRaw(q(`SELECT "key" FROM "RateLimitWindow" ORDER BY "key"`))).rows.flat();

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    adapter = await new SqliteAdapterFactory({ url: database.url }).connect();
  });
  afterAll(async () => {
    await adapter?.dispose();
    await database?.drop();
  });

  const insert = (key: string) =>
    q(`INSERT INTO "RateLimitWindow" ("key", "windowStart", "hits") VALUES (?, ?, 1)`, [key, AT]);

  it("a rolled-back transaction leaves nothing; a plain query meanwhile waits and is kept", async () => {
    const transaction = await adapter.startTransaction();
    await transaction.executeRaw(insert("in-tx"));
    const outside = adapter.executeRaw(insert("outside"));
    let outsideDone = false;
    void outside.then(() => (outsideDone = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outsideDone).toBe(false); // it waits for the transaction instead of joining it
    await transaction.executeRaw(q("ROLLBACK"));
    await transaction.rollback();
    expect(await outside).toBe(1);
    expect(await keys()).toEqual(["outside"]);
  });

  it("a committed transaction keeps its rows; the connection is free again after it", async () => {
    const transaction = await adapter.startTransaction();
    await transaction.executeRaw(insert("committed"));
    await transaction.executeRaw(q("COMMIT"));
    await transaction.commit();
    expect(await keys()).toEqual(["committed", "outside"]);
  });

  it("Prisma's interactive transaction that throws is undone", async () => {
    const attempt = database.db.$transaction(async (tx) => {
      await tx.rateLimitWindow.create({ data: { key: "prisma-tx", windowStart: AT, hits: 1 } });
      throw new Error("changed my mind");
    });
    await expect(attempt).rejects.toThrow("changed my mind");
    expect(await database.db.rateLimitWindow.count({ where: { key: "prisma-tx" } })).toBe(0);
  });

  it("refuses an isolation level SQLite does not have, as Prisma's adapter does", async () => {
    const mine = await failure(adapter.startTransaction("READ COMMITTED"));
    expect(mine?.name).toBe("DriverAdapterError");
    expect(mine?.cause).toMatchObject({ kind: "InvalidIsolationLevel" });
    expect(await adapter.executeRaw(insert("after-refusal"))).toBe(1); // the lock was not taken
  });

  it("a statement prepared before a schema change sees the new column", async () => {
    const everything = q(`SELECT * FROM "RateLimitWindow" WHERE "key" = ?`, ["committed"]);
    const before = await adapter.queryRaw(everything);
    await adapter.executeScript(`ALTER TABLE "RateLimitWindow" ADD COLUMN "note" TEXT`);
    const after = await adapter.queryRaw(everything);
    expect(after.columnNames).toEqual([...before.columnNames, "note"]);
    expect(after.rows[0]?.at(-1)).toBeNull();
  });

  it("a table altered by another connection: the statement's kept columns are read again", async () => {
    const everything = q(`SELECT * FROM "RateLimitWindow" WHERE "key" = ?`, ["committed"]);
    const before = await adapter.queryRaw(everything);
    const other = new Database(database.url.replace(/^file:/, ""));
    try {
      other.exec(`ALTER TABLE "RateLimitWindow" ADD COLUMN "seenAt" DATETIME`);
      other
        .prepare(`UPDATE "RateLimitWindow" SET "seenAt" = ? WHERE "key" = 'committed'`)
        .run(AT.toISOString().replace("Z", "+00:00"));
    } finally {
      other.close();
    }
    const after = await adapter.queryRaw(everything);
    expect(after.columnNames).toEqual([...before.columnNames, "seenAt"]);
    expect(after.columnTypes.at(-1)).toBe(ColumnTypeEnum.DateTime);
    expect(after.rows[0]).toHaveLength(after.columnNames.length);
    expect(after.rows[0]?.at(-1)).toBe("2026-12-03T08:30:00.123+00:00");
  });

  it("more distinct statements than the cache holds all run", async () => {
    for (let i = 0; i < 600; i++) {
      const result = await adapter.queryRaw(q(`SELECT ${i} AS n, ? AS k`, ["x"]));
      expect(result.rows).toEqual([[String(i), "x"]]);
    }
  });
});
