// A shopper's page used to carry the whole message catalogue, back office included, in its
// serialized props. Now it carries only what its client components read.
import { expect, test } from "./fixtures";
import { signUp } from "./helpers";

// The admin catalogue's nesting as it appears in the page's flight data (quotes escaped or not).
const ADMIN_CATALOGUE = /\\?"admin\\?":\{/;
const ADMIN_ONLY_WORDS = [
  "Totals for this view",
  "Counting the orders in this view",
  "Order id, transaction id or email",
];

test("shopper pages carry no back-office messages", async ({ page, request }) => {
  for (const path of ["/", "/signin", "/signup"]) {
    const html = await (await request.get(path)).text();
    expect(html, path).not.toMatch(ADMIN_CATALOGUE);
    expect(html, path).toContain("Sign in"); // the page itself is there, with its own words
  }
  await signUp(page);
  for (const path of ["/", "/account"]) {
    const html = await (await page.request.get(path)).text();
    expect(html, path).not.toMatch(ADMIN_CATALOGUE);
    for (const words of ADMIN_ONLY_WORDS) expect(html, `${path}: ${words}`).not.toContain(words);
  }
});
