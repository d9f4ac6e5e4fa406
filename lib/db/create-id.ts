// Row ids for rows inserted with direct SQL (lib/db/driver-sql.ts), shaped like the cuid()s Prisma
// generates for the same tables: "c", the time in base 36, then 16 random base-36 characters.
import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const ID_BYTES = 16;
// A renewal writes about six rows: one call into the CSPRNG per id cost more than the rest of the id.
const POOL_BYTES = ID_BYTES * 256;
let pool = Buffer.alloc(0);
let offset = 0;

export function createId(): string {
  if (offset + ID_BYTES > pool.length) {
    pool = randomBytes(POOL_BYTES);
    offset = 0;
  }
  let random = "";
  for (let i = offset; i < offset + ID_BYTES; i++) random += ALPHABET[(pool[i] as number) % 36];
  offset += ID_BYTES;
  return `c${Date.now().toString(36).padStart(8, "0")}${random}`;
}
