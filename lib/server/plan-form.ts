// The "buy this plan" forms (LINE Pay, card, bank transfer) all post one field: the plan's code.
import { z } from "zod";

export const planCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9-]+$/);

export const planFormSchema = z.object({ planCode: planCodeSchema });
