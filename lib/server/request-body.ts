// Bounded body readers: a body over the limit is refused before it is parsed.
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

export const MAX_BODY_BYTES = 16 * 1024;

export class BodyError extends AppError {
  override name = "BodyError";
  constructor(
    override readonly status: 400 | 413 | 415 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message, { status, errorCode: code, isMessageSafe: true });
  }
}

async function readBoundedText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = () =>
    new BodyError(413, "body_too_large", `Request body must be at most ${maxBytes} bytes`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  if (!request.body) return "";
  // Counted while it streams in, so a chunked body without Content-Length is cut off at the limit
  // instead of being buffered whole.
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const first = result.error.issues[0];
    throw new BodyError(
      422,
      "invalid_input",
      first ? `${first.path.join(".") || "body"}: ${first.message}` : "Invalid input",
    );
  }
  return result.data;
}

export async function readJsonBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  maxBytes = MAX_BODY_BYTES,
): Promise<T> {
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new BodyError(415, "unsupported_media_type", "Send the body as application/json");
  }
  const text = await readBoundedText(request, maxBytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BodyError(400, "invalid_json", "The body is not valid JSON");
  }
  return validate(schema, value);
}

export async function readFormBody<T>(
  request: Request,
  schema: z.ZodType<T>,
  maxBytes = MAX_BODY_BYTES,
): Promise<T> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded")) {
    throw new BodyError(
      415,
      "unsupported_media_type",
      "Send the form as application/x-www-form-urlencoded",
    );
  }
  const text = await readBoundedText(request, maxBytes);
  return validate(schema, Object.fromEntries(new URLSearchParams(text)));
}
