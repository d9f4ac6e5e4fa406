// The query LINE Pay appends to confirmUrl/cancelUrl. transactionId stays a string: it is 19
// digits and would lose precision as a JS number.
import { z } from "zod";

export const confirmQuerySchema = z.object({
  orderId: z.string().min(1).max(100),
  transactionId: z.string().regex(/^\d{1,19}$/),
});

export const cancelQuerySchema = z.object({
  orderId: z.string().min(1).max(100),
  transactionId: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});

export function queryObject(url: string): Record<string, string> {
  const params = new URL(url).searchParams;
  const result: Record<string, string> = {};
  for (const key of new Set(params.keys())) {
    // A repeated key is ambiguous: keep it unparseable rather than pick one.
    const values = params.getAll(key);
    if (values.length === 1 && values[0] !== undefined) result[key] = values[0];
  }
  return result;
}
