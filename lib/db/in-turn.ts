// Figures of one page computed one after another or side by side, by provider.
import { providerOf, type Db } from "./client";

/**
 * Postgres runs the figures side by side on the pool's connections. SQLite runs each statement on
 * the server's own thread, so the figures go one at a time with a turn of the event loop between
 * them: a health check or a checkout waits for one statement at most, not for the whole page.
 */
export async function inTurn<T extends readonly (() => Promise<unknown>)[]>(
  db: Db,
  figures: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Results = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (providerOf(db) === "postgres") return (await Promise.all(figures.map((f) => f()))) as Results;
  const results: unknown[] = [];
  for (const figure of figures) {
    await new Promise((resolve) => setImmediate(resolve));
    results.push(await figure());
  }
  return results as Results;
}

/** Postgres sums come back as bigint strings, SQLite's as numbers; an empty sum is null. */
export const toNumber = (value: unknown) => Number(value ?? 0);
