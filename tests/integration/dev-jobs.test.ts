// `npm run dev`'s own scheduler (lib/cli/dev-jobs.ts) against a real database and the sandbox over
// HTTP: a shopper who approved and closed the tab is settled PAID with nobody calling a route.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { DEV_JOBS_TRIGGER, devJobsIntervalMs, startDevJobs } from "@/lib/cli/dev-jobs";
import { writeClockOffsetMs } from "@/lib/db/test-clock-repository";
import { startMailCatcher } from "@/lib/mail-emulator/server";
import { parseEnv } from "@/lib/env";
import { generateKeyringEntry } from "@/lib/security/secret-box";
import {
  createCheckoutHarness,
  TEST_CHANNEL,
  type CheckoutHarness,
} from "../helpers/checkout-harness";
import { PROVIDERS } from "../helpers/test-databases";

const MINUTE = 60_000;

function envFor(h: CheckoutHarness, extra: Record<string, string> = {}) {
  return parseEnv({
    NODE_ENV: "test",
    APP_ENV: "development",
    DATABASE_URL: h.database.url,
    APP_BASE_URL: "http://shop.test",
    NEXTAUTH_SECRET: "x".repeat(32),
    LINEPAY_API_BASE_URL: h.sandbox.url,
    LINEPAY_CHANNEL_ID: TEST_CHANNEL.channelId,
    LINEPAY_CHANNEL_SECRET: TEST_CHANNEL.channelSecret,
    REGKEY_ENCRYPTION_KEYS: h.keyringSpec,
    TEST_CLOCK_ENABLED: "1",
    ...extra,
  });
}

describe("dev jobs interval", () => {
  const base = {
    DATABASE_URL: "file:./x.db",
    APP_BASE_URL: "http://shop.test",
    NEXTAUTH_SECRET: "x".repeat(32),
    LINEPAY_API_BASE_URL: "http://127.0.0.1:9",
    LINEPAY_CHANNEL_ID: "1",
    LINEPAY_CHANNEL_SECRET: "12345678",
    REGKEY_ENCRYPTION_KEYS: generateKeyringEntry("k1"),
  };
  it("runs every 30 s in development, not at all in test or production unless configured", () => {
    expect(devJobsIntervalMs(parseEnv({ ...base, APP_ENV: "development" }))).toBe(30_000);
    expect(devJobsIntervalMs(parseEnv({ ...base, APP_ENV: "test" }))).toBe(0);
    expect(devJobsIntervalMs(parseEnv({ ...base, APP_ENV: "production" }))).toBe(0);
    expect(
      devJobsIntervalMs(parseEnv({ ...base, APP_ENV: "test", DEV_JOBS_INTERVAL_SECONDS: "45" })),
    ).toBe(45_000);
    expect(
      devJobsIntervalMs(
        parseEnv({ ...base, APP_ENV: "development", DEV_JOBS_INTERVAL_SECONDS: "0" }),
      ),
    ).toBe(0);
    expect(() => parseEnv({ ...base, DEV_JOBS_INTERVAL_SECONDS: "soon" })).toThrow(
      /DEV_JOBS_INTERVAL_SECONDS/,
    );
  });
});

describe.each(PROVIDERS)("[%s] npm run dev's scheduler", (provider) => {
  let h: CheckoutHarness;
  beforeAll(async () => {
    h = await createCheckoutHarness(provider);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("settles a closed-tab approval PAID by itself and mails its receipt, logging one line per run", async () => {
    const db = h.database.db;
    const catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
    const shopper = await h.createShopper();
    const started = await startCheckout(h.deps, {
      userId: shopper.id,
      planCode: "vip-30",
      preferAppUrl: false,
    });
    const pending = await db.order.findUniqueOrThrow({ where: { orderId: started.orderId } });
    await h.shopperAction(pending.transactionId!, "approve"); // the tab is closed: no confirm
    // Past the window in which the shopper may still come back on their own.
    await writeClockOffsetMs(db, 6 * MINUTE);
    const lines: string[] = [];
    const env = envFor(h, { SMTP_URL: `smtp://127.0.0.1:${catcher.smtpPort}` });
    const jobs = startDevJobs({ env, db, intervalMs: 200, log: (l) => lines.push(l) });
    try {
      await expect
        .poll(
          async () => (await db.order.findUniqueOrThrow({ where: { id: pending.id } })).status,
          {
            timeout: 15_000,
            interval: 100,
          },
        )
        .toBe("PAID");
      // The receipt the PAID commit queued goes out on the same schedule.
      await expect
        .poll(() => catcher.mailbox.list(shopper.email).map((m) => m.subject), {
          timeout: 15_000,
          interval: 100,
        })
        .toEqual(["Your receipt from VIP Club: NT$300"]);
    } finally {
      await jobs.stop();
      await catcher.close();
      await writeClockOffsetMs(db, 0);
    }
    expect(await db.entitlement.count({ where: { orderId: pending.id } })).toBe(1);
    expect(
      await db.paymentEvent.count({ where: { orderId: pending.id, endpoint: "confirmPayment" } }),
    ).toBe(1);
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines[0]).toMatch(
      /^\[jobs\] renewals: \d+ due.* · reconcile: \d+ checked.* · notices: \d+ sent/,
    );
    expect(lines.join("\n")).not.toContain(TEST_CHANNEL.channelSecret);
    expect(
      await db.reconciliationRun.count({ where: { trigger: DEV_JOBS_TRIGGER } }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      await db.renewalRun.count({ where: { trigger: DEV_JOBS_TRIGGER } }),
    ).toBeGreaterThanOrEqual(1);
  });
});
