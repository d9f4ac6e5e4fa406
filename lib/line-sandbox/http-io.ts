// Small HTTP helpers shared by the LINE Login and Messaging API routes and the pages.
import type { IncomingMessage, ServerResponse } from "node:http";

const MAX_BODY_BYTES = 256 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError("request body too large");
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": `${type}; charset=UTF-8`,
    "Content-Length": Buffer.byteLength(body),
    "Cache-Control": "no-store",
    ...headers,
  });
  res.end(body);
}

export const sendJson = (
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
) => send(res, status, "application/json", JSON.stringify(value), headers);
export const sendHtml = (res: ServerResponse, status: number, html: string) =>
  send(res, status, "text/html", html);

export function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store" });
  res.end();
}

export const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );

/** The bearer token of an `Authorization: Bearer <token>` header, if that is what was sent. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "");
  return match?.[1];
}

/** One simple page layout, readable on a phone and a desktop, in the browser's language. */
export const pageLayout = (title: string, body: string, lang = "en") => `<!DOCTYPE html>
<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1c1c1c}
main{max-width:46rem;margin:0 auto;padding:1rem}
header{background:#06c755;color:#fff;padding:.8rem 1rem;font-weight:600}
.card{background:#fff;border-radius:.6rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px #0002}
label{display:block;margin:.6rem 0}input[type=text],input[type=email]{width:100%;
box-sizing:border-box;padding:.5rem;font-size:1rem;border:1px solid #bbb;border-radius:.3rem}
button{font-size:1rem;padding:.55rem 1rem;border-radius:.3rem;border:0;background:#06c755;
color:#fff;cursor:pointer}button.secondary{background:#e4e6ea;color:#1c1c1c}
.row{display:flex;gap:.5rem;flex-wrap:wrap}.muted{color:#555;font-size:.9rem}
.bubble{background:#e9fbe5;border-radius:1rem;padding:.6rem .9rem;margin:.4rem 0;
white-space:pre-wrap;overflow-wrap:anywhere}
code{overflow-wrap:anywhere}
</style></head><body><header>${escapeHtml(title)}</header><main>${body}</main></body></html>`;
