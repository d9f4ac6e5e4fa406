// More than one app server on one PostgreSQL database: two `next start` processes of the same
// build behind one public address (as a load balancer would spread requests), a shopper's checkout
// on the first and LINE Pay's return (confirm) on the second, and the renewal and reconciliation
// jobs as processes of their own settling what a server started. Readiness then sees the runs.
import { afterAll, beforeAll, expect, it } from "vitest";
import { writeClockOffsetMs } from "../../lib/db/test-clock-repository";
import { createTestDatabase, type TestDatabase } from "../helpers/test-databases";
import { signUpAndSignIn } from "./smoke-http";
import { startTwoServerStack, type TwoServerStack } from "./two-servers-stack";

// TWO_SERVERS_PORTS="<app 1>,<app 2>,<sandbox>" moves them (two checkouts side by side).
const [APP_PORT_1, APP_PORT_2, SANDBOX_PORT] = (process.env.TWO_SERVERS_PORTS ?? "3191,3192,9196")
  .split(",")
  .map(Number) as [number, number, number];
const MINUTE = 60_000;

let database: TestDatabase;
let stack: TwoServerStack;

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  stack = await startTwoServerStack({
    ports: [APP_PORT_1, APP_PORT_2],
    sandboxPort: SANDBOX_PORT,
    appDatabaseUrl: database.url,
  });
});

afterAll(async () => {
  await stack?.stop();
  await database?.drop();
});

async function checkout(
  server: number,
  cookie: string,
): Promise<{ id: string; transactionId: string }> {
  const response = await stack.checkout(server, cookie, "vip-30");
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toContain(`localhost:${SANDBOX_PORT}`);
  const order = await database.db.order.findFirstOrThrow({
    where: { user: { email: { contains: "@two-servers.test" } }, status: "PENDING" },
    orderBy: { createdAt: "desc" },
  });
  return { id: order.id, transactionId: order.transactionId! };
}

it("checkout on one server, LINE Pay's return on the other, jobs in their own processes", async () => {
  const cookie = await signUpAndSignIn(stack.serverUrl(0), `a-${Date.now()}@two-servers.test`);
  const first = await checkout(0, cookie);
  const confirmUrl = await stack.approveAtLinePay(first.transactionId);
  expect(confirmUrl.origin).toBe(stack.publicUrl);
  // The load balancer sends LINE Pay's return to the second server.
  const confirm = await fetch(`${stack.serverUrl(1)}${confirmUrl.pathname}${confirmUrl.search}`, {
    redirect: "manual",
    headers: { cookie },
  });
  expect(confirm.status).toBe(303);
  expect(confirm.headers.get("location")).toContain("/checkout/success");
  const paid = await database.db.order.findUniqueOrThrow({ where: { id: first.id } });
  expect(paid.status).toBe("PAID");
  expect(await database.db.entitlement.count({ where: { orderId: first.id } })).toBe(1);

  // A second shopper approves on the second server's checkout and closes the tab: the
  // reconciliation process settles it once the in-flight window has passed (test clock).
  const other = await signUpAndSignIn(
    stack.serverUrl(1),
    `b-${Date.now()}@two-servers.test`,
    stack.publicUrl,
  );
  const second = await checkout(1, other);
  await stack.approveAtLinePay(second.transactionId); // the redirect is never followed
  await writeClockOffsetMs(database.db, 6 * MINUTE);
  try {
    expect(await stack.runJob("renewals")).toMatchObject({ job: "renewals", errors: 0 });
    expect(await stack.runJob("reconcile")).toMatchObject({
      job: "reconcile",
      settled: 1,
      errors: 0,
    });
  } finally {
    await writeClockOffsetMs(database.db, 0);
  }
  const settled = await database.db.order.findUniqueOrThrow({ where: { id: second.id } });
  expect(settled.status).toBe("PAID");
  expect((await database.db.renewalRun.findFirstOrThrow()).trigger).toBe("cli");

  // Both servers see the same runs: ready.
  for (const i of [0, 1]) {
    const ready = await fetch(`${stack.serverUrl(i)}/api/health/ready`);
    expect(ready.status).toBe(200);
  }
}, 120_000);
