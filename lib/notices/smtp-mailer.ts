// Mails a notice over SMTP with nodemailer. The notice's own Message-ID is sent, so a resend after
// a crash is the same message to the receiving side; the server's reply code decides whether a
// refusal is worth retrying (4xx, no connection) or final (5xx).
import nodemailer from "nodemailer";
import { MailRefusedError, type OutgoingMail } from "./send-notices";

export interface SmtpMailer {
  mail(message: OutgoingMail): Promise<void>;
  close(): void;
}

export function createSmtpMailer(options: { url: string; from: string }): SmtpMailer {
  const transport = nodemailer.createTransport(options.url, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    async mail(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          text: message.text,
          messageId: message.messageId,
        });
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        const reason = error instanceof Error ? error.message : String(error);
        throw new MailRefusedError(reason, typeof code === "number" && code >= 500);
      }
    },
    close() {
      transport.close();
    },
  };
}
