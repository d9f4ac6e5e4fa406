// CLI: `npm run line-sandbox` (tsx lib/line-sandbox/main.ts). Port LINE_SANDBOX_PORT (9093), public
// address LINE_SANDBOX_PUBLIC_URL (http://localhost:<port>); the LINE Login channel and Messaging
// API token from the same names the app reads, else the demo ones.
import { DEMO_LOGIN_CHANNEL, DEMO_MESSAGING_TOKEN } from "./options";
import { startLineSandbox } from "./server";

function readPort(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535)
    throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  return value;
}

const port = readPort("LINE_SANDBOX_PORT", 9093);
const env = (name: string) => process.env[name]?.trim() || undefined;
const sandbox = await startLineSandbox({
  port,
  host: env("LINE_SANDBOX_HOST") ?? "127.0.0.1",
  publicUrl: env("LINE_SANDBOX_PUBLIC_URL") ?? `http://localhost:${port}`,
  loginChannels: [
    {
      id: env("LINE_LOGIN_CHANNEL_ID") ?? DEMO_LOGIN_CHANNEL.id,
      secret: env("LINE_LOGIN_CHANNEL_SECRET") ?? DEMO_LOGIN_CHANNEL.secret,
      name: DEMO_LOGIN_CHANNEL.name,
    },
  ],
  messagingTokens: [env("LINE_MESSAGING_CHANNEL_ACCESS_TOKEN") ?? DEMO_MESSAGING_TOKEN],
});
console.log(`LINE sandbox (Login + Messaging API) at ${sandbox.url}; messages on its page`);
const stop = () => void sandbox.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
