// CLI: `npm run sandbox` (tsx lib/linepay-sandbox/main.ts). Configuration comes from the
// environment only; the channel secret is never printed.
import { startSandbox } from "./server";

/** Demo credentials for local use only; the sandbox is not reachable from outside 127.0.0.1 by default. */
const DEMO_CHANNEL_ID = "1234567890";
const DEMO_CHANNEL_SECRET = "linepay-sandbox-demo-secret";

function readEnv(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value === "" ? undefined : value;
}

function readInt(name: string, fallback: number, max: number): number {
  const raw = readEnv(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new Error(`${name} must be an integer between 0 and ${max}, got "${raw}"`);
  }
  return value;
}

async function main() {
  const port = readInt("LINEPAY_SANDBOX_PORT", 9090, 65_535);
  const latencyMs = readInt("LINEPAY_SANDBOX_LATENCY_MS", 0, 600_000);
  const channelId = readEnv("LINEPAY_CHANNEL_ID") ?? DEMO_CHANNEL_ID;
  const channelSecret = readEnv("LINEPAY_CHANNEL_SECRET") ?? DEMO_CHANNEL_SECRET;
  const currency = readEnv("LINEPAY_SANDBOX_CURRENCY") ?? "TWD";
  const host = readEnv("LINEPAY_SANDBOX_HOST") ?? "127.0.0.1";
  const publicUrl = readEnv("LINEPAY_SANDBOX_PUBLIC_URL") ?? `http://localhost:${port}`;
  const verbose = readEnv("LINEPAY_SANDBOX_VERBOSE") === "1";

  const sandbox = await startSandbox({
    port,
    host,
    publicUrl,
    latencyMs,
    controlApi: true,
    channels: [{ channelId, channelSecret, currency }],
    log: verbose ? (line) => console.log(`[linepay-sandbox] ${line}`) : undefined,
  });
  const demo = channelSecret === DEMO_CHANNEL_SECRET ? " (demo secret)" : "";
  console.log(
    `LINE Pay v3 sandbox on ${sandbox.url}: channel ${channelId}${demo}, ${currency}, payment page ${sandbox.publicUrl}, latency ${latencyMs} ms, control API ${sandbox.url}/__sandbox`,
  );

  const stop = () => {
    sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`linepay-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
