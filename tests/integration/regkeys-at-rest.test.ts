// regKeys at rest: after real subscriptions through the sandbox, every text of every row of every
// table, read with plain SQL (not Prisma models), is free of the regKeys LINE Pay issued, and the
// sealed column opens to the right regKey with the keyring.
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseKeyring } from "@/lib/security/secret-box";
import { createRegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { createCheckoutHarness, type CheckoutHarness } from "../helpers/checkout-harness";
import { movableClock, renew, subscribe } from "../helpers/subscription-harness";
import { PROVIDERS, type TestDatabase } from "../helpers/test-databases";

interface RawRow {
  table: string;
  text: string;
}

function rawSqliteRows(url: string): RawRow[] {
  const db = new Database(url.replace(/^file:/, ""), { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
      name: string;
    }[];
    return tables.flatMap(({ name }) =>
      (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]).map((row) => ({
        table: name,
        text: Object.values(row)
          .map((v) => (Buffer.isBuffer(v) ? v.toString("latin1") : String(v)))
          .join("\u0000"),
      })),
    );
  } finally {
    db.close();
  }
}

async function rawPostgresRows(url: string): Promise<RawRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const rows: RawRow[] = [];
    for (const { name } of tables.rows) {
      const result = await client.query<{ text: string }>(
        `SELECT row_to_json(t)::text AS text FROM "${name}" t`,
      );
      rows.push(...result.rows.map((r) => ({ table: name, text: r.text })));
    }
    return rows;
  } finally {
    await client.end();
  }
}

function rawRows(database: TestDatabase): Promise<RawRow[]> | RawRow[] {
  return database.provider === "sqlite"
    ? rawSqliteRows(database.url)
    : rawPostgresRows(database.url);
}

describe.each(PROVIDERS)("[%s] regKeys at rest", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("no table holds a regKey in plain text; each subscription's sealed regKey opens to the one LINE Pay issued", async () => {
    const clock = movableClock();
    const deps = h.depsWith({}, clock.now);
    // Two subscriptions and a renewal charged with a stored regKey (its call is logged as a PaymentEvent).
    const first = await subscribe(h, deps);
    const second = await subscribe(h, deps, "vip-yearly");
    clock.set(new Date((first.subscription.currentPeriodEnd as Date).getTime() + 1000));
    expect((await renew(deps)).charged).toBe(1);

    const issued = (
      (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
        regKeys: Array<{ regKey: string }>;
      }
    ).regKeys.map((k) => k.regKey);
    expect(issued).toHaveLength(2);

    const rows = await rawRows(h.database);
    expect(rows.some((r) => r.table === "Subscription")).toBe(true);
    const leaks = rows.flatMap((row) =>
      issued
        .filter((regKey) => row.text.includes(regKey))
        .map((regKey) => `${row.table} holds ${regKey.slice(0, 4)}…`),
    );
    expect(leaks).toEqual([]);
    console.log(
      `[regkeys at rest ${h.database.provider}] ${new Set(rows.map((r) => r.table)).size} tables, ${rows.length} rows read raw: ${issued.length} regKeys issued, 0 found in plain text`,
    );

    const vault = createRegKeyVault(parseKeyring(h.keyringSpec));
    const ledger = (await (await fetch(`${h.sandbox.url}/__sandbox/ledger`)).json()) as {
      transactions: Array<{ orderId: string; regKey: string | null }>;
    };
    for (const { subscription, order } of [first, second]) {
      const sealed = await sealedRegKey(h.database, subscription.id);
      const expected = ledger.transactions.find((t) => t.orderId === order.orderId)?.regKey;
      expect(expected).toMatch(/^RK/);
      expect(sealed).not.toContain(expected as string);
      expect(vault.open(subscription.id, sealed)).toBe(expected);
    }
  });
});

async function sealedRegKey(database: TestDatabase, subscriptionId: string): Promise<string> {
  const sql = `SELECT "regKeyCiphertext" AS sealed FROM "Subscription" WHERE id = `;
  if (database.provider === "sqlite") {
    const db = new Database(database.url.replace(/^file:/, ""), { readonly: true });
    try {
      return (db.prepare(`${sql}?`).get(subscriptionId) as { sealed: string }).sealed;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<{ sealed: string }>(`${sql}$1`, [subscriptionId])).rows[0]
      ?.sealed as string;
  } finally {
    await client.end();
  }
}
