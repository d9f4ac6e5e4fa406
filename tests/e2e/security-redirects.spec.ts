// No redirect parameter sends anyone to another site: the sign-in and sign-up pages, next-auth's
// endpoints (its redirect callback) and a real sign-in with a hostile callbackUrl all stay on ours.
import { expect, test } from "./fixtures";
import { ADMIN, csrfToken, EVIL, newWatchedPage } from "./security-helpers";
import { E2E_APP_URL } from "./stack-config";

test("no redirect parameter sends anyone to another site", async ({ browser }) => {
  const hostile = [
    "//evil.example",
    EVIL,
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "https:evil.example",
    " https://evil.example",
    `${E2E_APP_URL}.evil.example/`,
    "http://evil.example@localhost/",
  ];
  const { context, page } = await newWatchedPage(browser);
  const isOurs = (target: string) => new URL(target, E2E_APP_URL).origin === E2E_APP_URL;

  for (const value of hostile) {
    const q = encodeURIComponent(value);
    // The sign-in and sign-up pages pass on only a path of ours.
    for (const path of [`/signin?callbackUrl=${q}`, `/signup?callbackUrl=${q}`]) {
      await page.goto(path);
      const link = await page.locator("main p a[href*='callbackUrl=']").getAttribute("href");
      expect(
        isOurs(new URL(link as string, E2E_APP_URL).searchParams.get("callbackUrl") as string),
        `${path} → ${link}`,
      ).toBe(true);
    }
    // next-auth's own endpoints: its redirect callback refuses other origins.
    const signInRedirect = await context.request.get(`/api/auth/signin?callbackUrl=${q}`, {
      maxRedirects: 0,
    });
    const location = signInRedirect.headers().location ?? "";
    expect(isOurs(location), location).toBe(true);
    expect(
      isOurs(new URL(location, E2E_APP_URL).searchParams.get("callbackUrl") ?? "/"),
      location,
    ).toBe(true);
    const signOut = await context.request.post("/api/auth/signout", {
      form: { csrfToken: await csrfToken(context.request), callbackUrl: value, json: "true" },
    });
    expect(isOurs(((await signOut.json()) as { url: string }).url), `signout ${value}`).toBe(true);
  }
  // A real sign-in through next-auth with a hostile callbackUrl lands on our site.
  const signedIn = await context.request.post("/api/auth/callback/credentials", {
    form: {
      email: ADMIN.email,
      password: ADMIN.password,
      callbackUrl: EVIL,
      csrfToken: await csrfToken(context.request),
      json: "true",
    },
  });
  expect(signedIn.status()).toBe(200);
  expect(isOurs(((await signedIn.json()) as { url: string }).url)).toBe(true);
  // And in the browser: the sign-in form goes where the page says, which is home.
  await context.clearCookies();
  await page.goto(`/signin?callbackUrl=${encodeURIComponent("//evil.example")}`);
  await page.locator("main input[name=email]").fill(ADMIN.email);
  await page.locator("main input[name=password]").fill(ADMIN.password);
  await page.locator("main form.stack button[type=submit]").click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN.email);
  await expect(page).toHaveURL(`${E2E_APP_URL}/`);
  await context.close();
});
