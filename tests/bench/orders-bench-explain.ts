// Diagnostics for the orders benchmark (EXPLAIN=1): runs each scenario once through a Prisma client
// with query logging, then EXPLAIN (ANALYZE, BUFFERS) of every SQL statement it sent, with the same
// parameters, so a slow query can be traced to its plan. Not part of the timed runs.
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "@/lib/db/generated/postgres";
import type { Db } from "@/lib/db/client";

interface Runnable {
  name: string;
  run: (db: Db) => Promise<number>;
}

interface Captured {
  sql: string;
  params: unknown[];
  durationMs: number;
}

export async function explainPrismaQueries(
  url: string,
  scenarios: Runnable[],
  log: (message: string) => void,
): Promise<void> {
  const prisma = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url }),
    log: [{ emit: "event", level: "query" }],
  });
  const captured: Captured[] = [];
  prisma.$on("query", (e) =>
    captured.push({
      sql: e.query,
      params: JSON.parse(e.params) as unknown[],
      durationMs: e.duration,
    }),
  );
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of scenarios) {
      captured.length = 0;
      await s.run(prisma as unknown as Db);
      const statements = [...captured];
      log(`EXPLAIN ${s.name}: ${statements.length} statement(s)`);
      for (const [i, q] of statements.entries()) {
        console.log(
          `\n--- ${s.name} #${i + 1} (Prisma reported ${q.durationMs} ms)\n${q.sql}\n-- params: ${JSON.stringify(q.params).slice(0, 300)}`,
        );
        const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${q.sql}`, q.params);
        console.log(plan.rows.map((r: Record<string, string>) => r["QUERY PLAN"]).join("\n"));
      }
    }
  } finally {
    await client.end();
    await prisma.$disconnect();
  }
}
