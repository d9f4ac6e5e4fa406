// Keyset cursor for back-office lists paged newest first by (createdAt, id): base64url JSON in the
// URL. Anything malformed reads as "from the top".
import { z } from "zod";

export interface CreatedAtCursor {
  createdAt: Date;
  id: string;
}

// 1970 to 9999-12-31: outside it the database drivers cannot write the instant into a query.
const LAST_MS_OF_9999 = 253_402_300_799_999;
const cursorSchema = z.object({
  at: z.number().int().min(0).max(LAST_MS_OF_9999),
  id: z.string().min(1).max(64),
});

export function encodeCreatedAtCursor(row: CreatedAtCursor): string {
  return Buffer.from(JSON.stringify({ at: row.createdAt.getTime(), id: row.id })).toString(
    "base64url",
  );
}

export function decodeCreatedAtCursor(text: string | undefined): CreatedAtCursor | null {
  if (!text || text.length > 200) return null;
  try {
    const parsed = cursorSchema.safeParse(
      JSON.parse(Buffer.from(text, "base64url").toString("utf8")),
    );
    return parsed.success ? { createdAt: new Date(parsed.data.at), id: parsed.data.id } : null;
  } catch {
    return null;
  }
}
