// Keyset pagination cursors for the admin orders list: the sort key and id of the row to continue
// from, base64url JSON in the URL. Deep pages cost the same as the first (no OFFSET scans).
import { z } from "zod";
import type { OrderSort } from "./admin-order-filters";

export interface OrderCursor {
  sort: OrderSort;
  /** createdAt (epoch ms) for the date sorts, amountMinor for the amount sorts. */
  key: number;
  id: string;
}

// Bounds the database can compare with: 1970 to 9999-12-31 for the date sorts (outside it the
// drivers cannot write the instant into a query), a 32-bit INT column for the amount sorts.
const LAST_MS_OF_9999 = 253_402_300_799_999;
const MAX_INT4 = 2_147_483_647;

const cursorSchema = z.object({
  sort: z.enum(["newest", "oldest", "amount_desc", "amount_asc"]),
  key: z.number().int().safe(),
  id: z.string().min(1).max(64),
});

function isKeyInRange(cursor: OrderCursor): boolean {
  const isDate = cursor.sort === "newest" || cursor.sort === "oldest";
  return isDate
    ? cursor.key >= 0 && cursor.key <= LAST_MS_OF_9999
    : Math.abs(cursor.key) <= MAX_INT4;
}

export function encodeOrderCursor(cursor: OrderCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** Null for anything malformed or made for another sort: the list then starts from the top. */
export function decodeOrderCursor(text: string | undefined, sort: OrderSort): OrderCursor | null {
  if (!text || text.length > 200) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(text, "base64url").toString("utf8")),
    );
    return parsed.success && parsed.data.sort === sort && isKeyInRange(parsed.data)
      ? parsed.data
      : null;
  } catch {
    return null;
  }
}

export function sortKeyOf(row: { createdAt: Date; amountMinor: number }, sort: OrderSort): number {
  return sort === "newest" || sort === "oldest" ? row.createdAt.getTime() : row.amountMinor;
}
