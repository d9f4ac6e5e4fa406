// "Now" for the app. Real time, except in development and tests with TEST_CLOCK_ENABLED=1, where an
// offset kept in the database moves every process's clock together (the app, the renewal CLI) and
// the local LINE Pay sandbox is moved to match, so a year of renewals runs in seconds.
import { readClockOffsetMs, writeClockOffsetMs } from "@/lib/db/test-clock-repository";
import { getEnv } from "@/lib/env";
import { getAppDb } from "./app-db";
import { AppError } from "@/lib/errors/app-error";

export function isTestClockEnabled(): boolean {
  const env = getEnv();
  return env.TEST_CLOCK_ENABLED === "1" && env.APP_ENV !== "production";
}

/** A clock for one request or run: the offset is read once, time keeps moving. */
export async function getAppClock(): Promise<() => Date> {
  if (!isTestClockEnabled()) return () => new Date();
  const offsetMs = await readClockOffsetMs(getAppDb());
  return () => new Date(Date.now() + offsetMs);
}

export class TestClockError extends AppError {
  override name = "TestClockError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "clock_unavailable", isMessageSafe: true });
  }
}

/** Moves the app clock to `target` and the local sandbox's clock with it. */
export async function setTestClock(target: Date): Promise<Date> {
  if (!isTestClockEnabled()) throw new TestClockError("The test clock is disabled");
  await writeClockOffsetMs(getAppDb(), target.getTime() - Date.now());
  const response = await fetch(new URL("/__sandbox/clock", getEnv().LINEPAY_API_BASE_URL), {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ nowIso: target.toISOString() }),
  }).catch(() => null);
  if (!response?.ok)
    throw new TestClockError("The app clock moved but the LINE Pay sandbox clock could not be set");
  return target;
}
