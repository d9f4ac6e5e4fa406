// Caller input goes through a schema before anything is signed; a refusal here means nothing was
// sent, so it is a definitive failure with the zod issues flattened into readable paths.
import type { z } from "zod";
import type { LinePayEndpoint } from "./endpoints";
import { LinePayValidationError } from "./errors";

export function validateInput<S extends z.ZodType>(
  endpoint: LinePayEndpoint,
  schema: S,
  value: unknown,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
  throw new LinePayValidationError({ endpoint, issues });
}
