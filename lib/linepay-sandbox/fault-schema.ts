// Shape of a fault rule, shared by POST /__sandbox/faults and the programmatic faults.add().
// Objects are strict: a typo such as `endpiont` must be a 400, not a rule that matches every call.
import { LosslessNumber } from "lossless-json";
import { z } from "zod";
import { ENDPOINT_NAMES } from "./outcomes";

/** Ten minutes: longer than any client timeout worth testing, short enough not to wedge a run. */
export const MAX_FAULT_DELAY_MS = 600_000;

const ms = z
  .number()
  .int("must be an integer")
  .min(0, "must be >= 0")
  .max(MAX_FAULT_DELAY_MS, `must be <= ${MAX_FAULT_DELAY_MS}`);
const nonEmpty = z.string().min(1, "must not be empty");

// Ids are 19 digits, beyond a double: accept them as strings or as bare (lossless) JSON numbers.
const transactionId = z.union([
  z.string().regex(/^\d+$/, "must be a string of digits"),
  z.instanceof(LosslessNumber).transform((n) => n.value),
  z.number().int().nonnegative().transform(String),
]);

export const faultMatchSchema = z.strictObject({
  endpoint: z.enum(ENDPOINT_NAMES).optional(),
  orderId: nonEmpty.optional(),
  regKey: nonEmpty.optional(),
  transactionId: transactionId.optional(),
});

export const faultActionSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("returnCode"),
    returnCode: z.string().regex(/^\d{4}$/, 'must be 4 digits, e.g. "1142"'),
    returnMessage: z.string().optional(),
    /** Sent as `info` (LINE only sends it on success); big ids keep their digits. */
    info: z.unknown().optional(),
    delayMs: ms.optional(),
  }),
  z.strictObject({ type: z.literal("delay"), ms }),
  z.strictObject({ type: z.literal("http500"), delayMs: ms.optional() }),
  z.strictObject({ type: z.literal("reset"), delayMs: ms.optional() }),
  z.strictObject({ type: z.literal("commitThenDrop") }),
]);

export const faultRuleSchema = z.strictObject({
  match: faultMatchSchema,
  action: faultActionSchema,
  /** Matching calls the rule applies to; omitted = until removed. */
  times: z.number().int("must be an integer").positive("must be >= 1").optional(),
});

/** What faults.add() and POST /__sandbox/faults accept. */
export type FaultRuleInput = z.input<typeof faultRuleSchema>;
export type FaultMatch = z.output<typeof faultMatchSchema>;
export type FaultAction = z.output<typeof faultActionSchema>;
