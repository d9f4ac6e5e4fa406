// The catcher's SMTP side (smtp-server + mailparser): accepts any sender and recipient without
// authentication, parses each message into the mailbox, and can be told to refuse for a while
// (421, try again later) or to answer slowly, so tests can exercise a sender's retries and crashes.
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { Mailbox } from "./mailbox";

export interface SmtpBehaviour {
  /** Refuse every message until this time (ms since epoch). */
  refuseUntil: number;
  /** Refuse this many more messages. */
  refuseCount: number;
  /** Wait this long before accepting each message. */
  delayMs: number;
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.flatMap((entry) => entry.value.map((a) => a.address ?? "")).filter(Boolean);
}

class SmtpReply extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

export async function startSmtpListener(options: {
  port: number;
  host: string;
  mailbox: Mailbox;
  behaviour: SmtpBehaviour;
}): Promise<{ port: number; close(): Promise<void> }> {
  const { mailbox, behaviour } = options;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onMailFrom(_address, _session, callback) {
      if (Date.now() < behaviour.refuseUntil || behaviour.refuseCount > 0) {
        behaviour.refuseCount = Math.max(0, behaviour.refuseCount - 1);
        callback(new SmtpReply("Mailbox busy, try again later", 421));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (parsed) => {
          if (behaviour.delayMs > 0) await new Promise((r) => setTimeout(r, behaviour.delayMs));
          mailbox.add({
            messageId: parsed.messageId ?? null,
            from: addresses(parsed.from)[0] ?? "",
            to: addresses(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error("bad")));
    },
  });
  server.listen(options.port, options.host);
  await once(server.server, "listening");
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
