// Row ids for rows inserted with direct SQL (lib/db/driver-sql.ts), shaped like the cuid()s Prisma
// generates for the same tables: "c", the time in base 36, then 16 random base-36 characters.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";

export function createId(): string {
  const bytes = randomBytes(16);
  let random = "";
  for (const byte of bytes) random += ALPHABET[byte % 36];
  return `c${Date.now().toString(36).padStart(8, "0")}${random}`;
}
