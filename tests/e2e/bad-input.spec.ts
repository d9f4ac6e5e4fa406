// Bad input to every route handler gets a 4xx with a reason (or, for the browser's form posts and
// LINE Pay's returns, a redirect to the problem page), never a 500, and writes nothing.
import { type APIResponse } from "@playwright/test";
import { expect, test } from "./fixtures";
import { expectProblemRedirect, queryDb, signUp } from "./helpers";
import { E2E_APP_URL } from "./stack-config";

const counts = () => ({
  orders: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "Order"`)[0]?.n,
  users: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM "User"`)[0]?.n,
  entitlements: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM Entitlement`)[0]?.n,
  events: queryDb<{ n: number }>(`SELECT COUNT(*) AS n FROM PaymentEvent`)[0]?.n,
});

async function expectReadable(response: APIResponse, status: number) {
  expect(response.status()).toBe(status);
  const type = response.headers()["content-type"] ?? "";
  const body = await response.text();
  if (type.includes("json"))
    expect(JSON.parse(body)).toMatchObject({
      error: { code: expect.any(String), message: expect.any(String) },
    });
  else expect(body).toMatch(/<h1>[^<]+<\/h1>/);
}

test("the confirm and cancel handlers send malformed LINE Pay redirects to the problem page", async ({
  request,
}) => {
  const before = counts();
  const cases: Array<[string, { topic: string; reason: string }]> = [
    ["/api/linepay/confirm", { topic: "confirm", reason: "invalid_link" }],
    ["/api/linepay/confirm?orderId=VIP-1", { topic: "confirm", reason: "invalid_link" }],
    [
      "/api/linepay/confirm?orderId=VIP-1&transactionId=12ab",
      { topic: "confirm", reason: "invalid_link" },
    ],
    [
      "/api/linepay/confirm?orderId=VIP-1&transactionId=99999999999999999999",
      { topic: "confirm", reason: "invalid_link" },
    ],
    [
      "/api/linepay/confirm?orderId=VIP-1&transactionId=1&transactionId=2",
      { topic: "confirm", reason: "invalid_link" },
    ],
    [
      `/api/linepay/confirm?orderId=${"x".repeat(101)}&transactionId=1`,
      { topic: "confirm", reason: "invalid_link" },
    ],
    [
      "/api/linepay/confirm?orderId=VIP-NOT-OURS&transactionId=2026112200000000001",
      { topic: "confirm", reason: "order_not_found" },
    ],
    ["/api/linepay/cancel", { topic: "cancel", reason: "invalid_link" }],
    ["/api/linepay/cancel?orderId=VIP-NOT-OURS", { topic: "cancel", reason: "order_not_found" }],
    [
      "/api/linepay/cancel?orderId=VIP-1&transactionId=abc",
      { topic: "cancel", reason: "invalid_link" },
    ],
  ];
  for (const [path, problem] of cases) {
    expectProblemRedirect(await request.get(path, { maxRedirects: 0 }), problem);
  }
  expect(counts()).toEqual(before);
});

test("checkout refuses anonymous, cross-site, malformed and unknown-plan requests without writing an order", async ({
  page,
  request,
}) => {
  const anonymous = await request.post("/api/linepay/checkout", {
    form: { planCode: "vip-30" },
    maxRedirects: 0,
  });
  expect(anonymous.status()).toBe(303);
  expect(anonymous.headers().location).toContain("/signin");

  await signUp(page);
  const before = counts();
  const api = page.request;
  const post = (data: {
    form?: Record<string, string>;
    data?: Buffer;
    headers?: Record<string, string>;
  }) => api.post("/api/linepay/checkout", { ...data, maxRedirects: 0 });

  const checkoutProblem = (reason: string) => ({ topic: "checkout", reason });
  expectProblemRedirect(
    await post({ form: { planCode: "vip-30" }, headers: { Origin: "https://evil.example" } }),
    checkoutProblem("cross_origin"),
  );
  expectProblemRedirect(await post({ form: {} }), checkoutProblem("invalid_request"));
  expectProblemRedirect(
    await post({ form: { planCode: "../../etc" } }),
    checkoutProblem("invalid_request"),
  );
  expectProblemRedirect(
    await post({ form: { planCode: "vip-does-not-exist" } }),
    checkoutProblem("plan_unavailable"),
  );
  expectProblemRedirect(
    await post({
      data: Buffer.from('{"planCode":"vip-30"}'),
      headers: { "Content-Type": "application/json" },
    }),
    checkoutProblem("invalid_request"),
  );
  expectProblemRedirect(
    await post({ form: { planCode: "x".repeat(20_000) } }),
    checkoutProblem("invalid_request"),
  );
  expect(counts()).toEqual(before);
});

test("sign-up validates its JSON, answers a registered email like a new one, and refuses cross-site posts", async ({
  request,
}) => {
  const before = counts();
  const post = (
    data: string,
    headers: Record<string, string> = { "Content-Type": "application/json" },
  ) =>
    // A Buffer is sent byte for byte (a string would be JSON-encoded again by Playwright).
    request.post("/api/account/signup", { data: Buffer.from(data), headers });
  await expectReadable(await post("{not json"), 400);
  await expectReadable(await post(JSON.stringify({ email: "nope", password: "long enough" })), 422);
  await expectReadable(
    await post(JSON.stringify({ email: "a@example.com", password: "short" })),
    422,
  );
  await expectReadable(
    await post(JSON.stringify({ email: "a@example.com", password: "x".repeat(73) })),
    422,
  );
  await expectReadable(await post(JSON.stringify([1, 2])), 422);
  await expectReadable(
    await post("email=a@example.com", { "Content-Type": "application/x-www-form-urlencoded" }),
    415,
  );
  await expectReadable(
    await post(JSON.stringify({ email: "a@example.com", password: "x".repeat(40_000) })),
    413,
  );
  // A registered email gets the answer a new one gets (no "already registered"), and no change.
  const taken = await post(
    JSON.stringify({ email: "shopper@example.com", password: "long enough" }),
  );
  expect(taken.status()).toBe(202);
  expect(await taken.json()).toEqual({
    status: "received",
    message: "If this email is new, its account now exists. Sign in with your password.",
  });
  await expectReadable(
    await post(JSON.stringify({ email: "b@example.com", password: "long enough" }), {
      "Content-Type": "application/json",
      Origin: "https://evil.example",
    }),
    403,
  );
  expect(counts()).toEqual(before);
});

test("pages answer unknown orders and bad parameters with a readable not-found page", async ({
  page,
}) => {
  await signUp(page);
  for (const path of [
    "/orders/VIP-NOPE",
    `/orders/${"x".repeat(200)}`,
    "/checkout/success",
    "/checkout/success?orderId=VIP-NOPE",
    "/checkout/cancel?orderId=a&orderId=b",
  ]) {
    const response = await page.goto(`${E2E_APP_URL}${path}`);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  }
});
