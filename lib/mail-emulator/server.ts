// The local mail catcher: an SMTP server that keeps what it receives, and a web side with a page
// and a JSON API (GET /api/messages[?to=], GET /api/messages/<id>, DELETE /api/messages,
// POST /api/behaviour {refuseForMs, refuseCount, delayMs}). Imports nothing from the app: any
// SMTP client can use it.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { EMULATOR_STYLESHEET_PATH, serveEmulatorStylesheet } from "../brand/emulator-stylesheet";
import { Mailbox } from "./mailbox";
import { startSmtpListener, type SmtpBehaviour } from "./smtp-listener";
import { mailListPage, mailPage } from "./web-page";

export interface MailCatcher {
  smtpPort: number;
  webUrl: string;
  mailbox: Mailbox;
  behaviour: SmtpBehaviour;
  close(): Promise<void>;
}

/** This folder: its page classes make the web page's stylesheet. */
const PAGES_DIR = fileURLToPath(new URL(".", import.meta.url));

const send = (res: ServerResponse, status: number, type: string, body: string) => {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
};
const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, "application/json; charset=utf-8", JSON.stringify(value));

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let body = "";
  for await (const chunk of req) body += String(chunk);
  const value: unknown = body ? JSON.parse(body) : {};
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

const wholeNumber = (value: unknown) =>
  typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;

export async function startMailCatcher(options: {
  smtpPort: number;
  webPort: number;
  host?: string;
}): Promise<MailCatcher> {
  const host = options.host ?? "127.0.0.1";
  const mailbox = new Mailbox();
  const behaviour: SmtpBehaviour = { refuseUntil: 0, refuseCount: 0, delayMs: 0 };
  const smtp = await startSmtpListener({ port: options.smtpPort, host, mailbox, behaviour });
  const web = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://catcher.local");
    const parts = url.pathname.split("/").filter(Boolean);
    const mail = parts[1] ? mailbox.find(parts[1]) : undefined;
    if (req.method === "GET" && url.pathname === "/")
      return send(res, 200, "text/html; charset=utf-8", mailListPage(mailbox.list()));
    if (req.method === "GET" && url.pathname === EMULATOR_STYLESHEET_PATH) {
      serveEmulatorStylesheet(res, PAGES_DIR).catch(() =>
        json(res, 500, { error: "The stylesheet could not be built" }),
      );
      return;
    }
    if (req.method === "GET" && parts[0] === "mail" && mail && parts.length === 2)
      return send(res, 200, "text/html; charset=utf-8", mailPage(mail));
    if (req.method === "GET" && parts[0] === "mail" && mail?.html && parts[2] === "html") {
      res.setHeader("content-security-policy", "sandbox");
      return send(res, 200, "text/html; charset=utf-8", mail.html);
    }
    if (url.pathname === "/api/messages" && req.method === "GET")
      return json(res, 200, { messages: mailbox.list(url.searchParams.get("to") ?? undefined) });
    if (url.pathname === "/api/messages" && req.method === "DELETE") {
      mailbox.clear();
      return json(res, 200, { cleared: true });
    }
    if (parts[0] === "api" && parts[1] === "messages" && parts[2] && req.method === "GET") {
      const found = mailbox.find(parts[2]);
      return found ? json(res, 200, found) : json(res, 404, { error: "No such message" });
    }
    if (url.pathname === "/api/behaviour" && req.method === "POST") {
      readJson(req)
        .then((body) => {
          const refuseForMs = wholeNumber(body.refuseForMs);
          if (refuseForMs !== undefined) behaviour.refuseUntil = Date.now() + refuseForMs;
          behaviour.refuseCount = wholeNumber(body.refuseCount) ?? behaviour.refuseCount;
          behaviour.delayMs = wholeNumber(body.delayMs) ?? behaviour.delayMs;
          json(res, 200, { behaviour });
        })
        .catch(() => json(res, 400, { error: "The body must be a JSON object" }));
      return;
    }
    json(res, 404, { error: "Not found" });
  });
  web.listen(options.webPort, host);
  await once(web, "listening");
  const { port: webPort } = web.address() as AddressInfo;
  return {
    smtpPort: smtp.port,
    webUrl: `http://${host}:${webPort}`,
    mailbox,
    behaviour,
    async close() {
      web.closeAllConnections();
      await new Promise<void>((resolve) => web.close(() => resolve()));
      await smtp.close();
    },
  };
}
