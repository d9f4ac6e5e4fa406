// CLI: `npm run mail` (tsx lib/mail-emulator/main.ts). Ports from MAIL_CATCHER_SMTP_PORT (2525) and
// MAIL_CATCHER_WEB_PORT (1080); listens on 127.0.0.1 unless MAIL_CATCHER_HOST says otherwise.
import { startMailCatcher } from "./server";

function readPort(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  return value;
}

const catcher = await startMailCatcher({
  smtpPort: readPort("MAIL_CATCHER_SMTP_PORT", 2525),
  webPort: readPort("MAIL_CATCHER_WEB_PORT", 1080),
  host: process.env.MAIL_CATCHER_HOST?.trim() || "127.0.0.1",
});
console.log(`Mail catcher: SMTP on port ${catcher.smtpPort}, mail at ${catcher.webUrl}`);
const stop = () => void catcher.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
