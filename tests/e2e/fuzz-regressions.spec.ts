// The inputs the fuzz tests found answered with a 500 (or a CSV download that broke off), kept as
// fixed cases so each stays fixed whatever the fuzz seed draws: each now gets a 4xx with a reason
// or a normal page, and changes nothing.
import { expect, test } from "./identities";
import { settledSnapshotState, snapshotState } from "./db-snapshot";

const cursor = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

test("inputs that used to answer 500 now get a normal page or a readable 4xx, and change nothing", async ({
  identities,
}) => {
  const { api } = identities;
  const before = await settledSnapshotState();
  const cases: Array<{
    who: "admin" | "shopperA";
    method?: "POST";
    path: string;
    status: number;
    contentType?: string;
    body?: string;
  }> = [
    // A repeated ?currency= arrived as an array and .toUpperCase() threw.
    { who: "admin", path: "/admin/revenue?currency=usd&currency=twd", status: 200 },
    // Cursors past year 9999 (or out of Date's range) made the list queries fail.
    { who: "admin", path: `/admin/audit?before=${cursor({ at: 9e15, id: "x" })}`, status: 200 },
    {
      who: "admin",
      path: `/admin/subscriptions?before=${cursor({ at: 6_953_628_533_004_665, id: "x" })}`,
      status: 200,
    },
    {
      who: "admin",
      path: `/admin/orders?after=${cursor({ sort: "newest", key: 9e15, id: "x" })}`,
      status: 200,
    },
    {
      who: "admin",
      path: `/admin/orders?sort=amount_desc&before=${cursor({ sort: "amount_desc", key: 9e15, id: "x" })}`,
      status: 200,
    },
    // Year 0000 passed the date check, and the export stream broke off after its 200.
    { who: "admin", path: "/api/admin/orders/export?from=0000-01-01", status: 400 },
    { who: "admin", path: "/admin/orders?from=0000-01-01&to=9999-12-31", status: 200 },
    // Path segments whose percent-encoding does not decode failed inside Next.js.
    { who: "shopperA", path: "/orders/%C0", status: 400 },
    { who: "admin", path: "/admin/subscriptions/%E0%A4%A", status: 400 },
    { who: "shopperA", method: "POST", path: "/api/subscriptions/%E0%A4%A/cancel", status: 400 },
    // next-auth threw on a malformed JSON body.
    {
      who: "shopperA",
      method: "POST",
      path: "/api/auth/callback/credentials",
      status: 415,
      contentType: "application/json",
      body: "{not json",
    },
  ];
  for (const c of cases) {
    const response =
      c.method === "POST"
        ? await api[c.who].post(c.path, {
            data: Buffer.from(c.body ?? ""),
            headers: c.contentType ? { "Content-Type": c.contentType } : {},
            maxRedirects: 0,
          })
        : await api[c.who].get(c.path, { maxRedirects: 0 });
    const body = await response.text();
    expect(response.status(), `${c.path}: ${body.slice(0, 120)}`).toBe(c.status);
    if (c.status >= 400)
      expect(body, c.path).toMatch(/"error":\{"code":"[a-z_]+","message":"[^"]+"|<h1[^>]*>[^<]+/);
  }
  expect(await snapshotState()).toEqual(before);
});
