// The sign-in limit against the request shapes that used to slip past it: a credentials post
// without json=true (next-auth answers 302, not 401), an email sent twice (the limit counted the
// first, next-auth checked the last), and guesses sent in parallel. Each shape counts for the email
// that is checked, and the right password is refused once five wrong ones were tried.
import type { APIRequestContext, APIResponse } from "@playwright/test";
import { expect, test } from "./fixtures";
import { TEST_PASSWORD, queryDb, uniqueEmail } from "./helpers";
import { csrfToken } from "./security-helpers";

async function createAccount(request: APIRequestContext): Promise<string> {
  const email = uniqueEmail("victim");
  const created = await request.post("/api/account/signup", {
    data: { email, password: TEST_PASSWORD },
  });
  expect(created.status()).toBeLessThan(300);
  return email;
}

/** A credentials post as a script would send it: urlencoded, no json=true, no redirects followed. */
async function postCredentials(request: APIRequestContext, body: string): Promise<APIResponse> {
  return request.post("/api/auth/callback/credentials", {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    data: body,
    maxRedirects: 0,
  });
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const hasSession = (response: APIResponse) =>
  response.headersArray().some((h) => /next-auth\.session-token=[^;]/.test(h.value));
const failuresFor = (email: string) =>
  queryDb<{ hits: number }>(
    `SELECT hits FROM RateLimitWindow WHERE key = ?`,
    `sign-in-failures-email:${email}`,
  ).reduce((sum, row) => sum + row.hits, 0);

test("wrong passwords posted without json=true count: the sixth try and the right password get 429", async ({
  playwright,
  extraHTTPHeaders,
}) => {
  const request = await playwright.request.newContext({ extraHTTPHeaders });
  const email = await createAccount(request);
  const token = await csrfToken(request);
  const statuses = [];
  for (let i = 0; i < 8; i++) {
    const response = await postCredentials(
      request,
      form([
        ["email", email],
        ["password", `wrong password ${i}`],
        ["csrfToken", token],
      ]),
    );
    statuses.push(response.status());
    expect(hasSession(response)).toBe(false);
  }
  expect(statuses).toEqual([302, 302, 302, 302, 302, 429, 429, 429]);
  const right = await postCredentials(
    request,
    form([
      ["email", email],
      ["password", TEST_PASSWORD],
      ["csrfToken", token],
    ]),
  );
  expect(right.status()).toBe(429);
  expect(Number(right.headers()["retry-after"])).toBeGreaterThan(0);
  expect(hasSession(right)).toBe(false);
  expect(failuresFor(email)).toBe(9);
  await request.dispose();
});

test("a repeated form key is refused with 400 before any password is checked", async ({
  playwright,
  extraHTTPHeaders,
}) => {
  const request = await playwright.request.newContext({ extraHTTPHeaders });
  const victim = await createAccount(request);
  const decoy = uniqueEmail("decoy");
  const token = await csrfToken(request);
  for (const fields of [
    [
      ["email", decoy],
      ["email", victim],
      ["password", "a guess"],
      ["csrfToken", token],
    ],
    [
      ["email", victim],
      ["password", "a guess"],
      ["password", TEST_PASSWORD],
      ["csrfToken", token],
    ],
    [
      ["email", victim],
      ["password", TEST_PASSWORD],
      ["csrfToken", token],
      ["json", "false"],
      ["json", "true"],
    ],
  ] as [string, string][][]) {
    const response = await postCredentials(request, form(fields));
    expect(response.status()).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: "repeated_form_field", message: expect.stringMatching(/more than once/) },
    });
    expect(hasSession(response)).toBe(false);
  }
  expect(failuresFor(victim)).toBe(0);
  expect(failuresFor(decoy)).toBe(0);
  await request.dispose();
});

test("ten guesses sent at once reach the password check at most five times", async ({
  playwright,
  extraHTTPHeaders,
}) => {
  const request = await playwright.request.newContext({ extraHTTPHeaders });
  const email = await createAccount(request);
  const token = await csrfToken(request);
  const responses = await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      postCredentials(
        request,
        form([
          ["email", email],
          ["password", `parallel guess ${i}`],
          ["csrfToken", token],
        ]),
      ),
    ),
  );
  const statuses = responses.map((r) => r.status()).sort();
  expect(statuses).toEqual([...Array(5).fill(302), ...Array(5).fill(429)]);
  await request.dispose();
});
