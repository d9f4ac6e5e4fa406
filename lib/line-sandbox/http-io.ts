// Small HTTP helpers shared by the LINE Login and Messaging API routes and the pages.
import type { IncomingMessage, ServerResponse } from "node:http";
import { emulatorPage } from "../brand/emulator-page";

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

/** The emulators' page shell with LINE's bar, in the browser's language. */
export const pageLayout = (title: string, body: string, lang = "en") =>
  emulatorPage({
    title,
    lang,
    brand: "line",
    product: "LINE",
    mark: "L",
    emulatorLabel: lang === "zh-TW" ? "本機模擬" : "Local emulator",
    body: `<h1 class="mt-0 mb-5 text-2xl font-bold">${escapeHtml(title)}</h1><div class="grid gap-4">${body}</div>`,
  });
