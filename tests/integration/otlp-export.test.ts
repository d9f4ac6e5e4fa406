// A job command exports its trace and its counters by the standard OTLP settings alone: `npm run
// reconcile` as its own process, OTEL_EXPORTER_OTLP_ENDPOINT pointing at a stand-in collector (a
// plain HTTP server recording what it is sent), a real SQLite database with one checkout left
// open, and the LINE Pay sandbox over HTTP. The process flushes before it exits.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "@/lib/checkout/start-checkout";
import {
  createCheckoutHarness,
  TEST_CHANNEL,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { runnerProcessEnv } from "../helpers/spawn-renewal-runner";

const execFileAsync = promisify(execFile);

describe("[sqlite] OTLP export from a job command", () => {
  let h: CheckoutHarness;
  let collector: Server;
  const received: Array<{ path: string; body: Buffer }> = [];
  beforeAll(async () => {
    h = await createCheckoutHarness("sqlite");
    collector = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        received.push({ path: request.url ?? "", body: Buffer.concat(chunks) });
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => collector?.close(resolve));
    await h?.close();
  });

  it("sends the run's spans and the backlog gauge, without the channel secret", async () => {
    const shopper = await h.createShopper();
    await startCheckout(h.deps, { userId: shopper.id, planCode: "vip-30", preferAppUrl: false });
    const { port } = collector.address() as AddressInfo;
    const { stdout } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "lib/cli/reconcile.ts"],
      {
        env: {
          ...process.env,
          ...runnerProcessEnv({
            databaseUrl: h.database.url,
            sandboxUrl: h.sandbox.url,
            keyringSpec: h.keyringSpec,
            clockOffsetMs: 0,
          }),
          NODE_ENV: "development",
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        },
      },
    );
    expect(stdout).toContain("reconciliation run finished");

    const sent = (path: string) =>
      Buffer.concat(received.filter((r) => r.path === path).map((r) => r.body)).toString("latin1");
    // http/protobuf, the OTLP default: names travel as plain UTF-8 inside the message.
    expect(sent("/v1/traces")).toContain("job reconcile");
    expect(sent("/v1/traces")).toContain("prisma:client:operation");
    expect(sent("/v1/metrics")).toContain("storefront.reconciliation.backlog");
    expect(sent("/v1/metrics")).toContain("storefront.orders.needs_attention");
    // Who sent it: the job's own service name and an id for this process.
    expect(sent("/v1/metrics")).toContain("storefront-reconcile");
    expect(sent("/v1/traces")).toContain("service.instance.id");
    const everything = received.map((r) => r.body.toString("latin1")).join("");
    expect(everything).not.toContain(TEST_CHANNEL.channelSecret);
  });
});
