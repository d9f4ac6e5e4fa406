// The local emulators' own pages (LINE Pay's payment page, SinoPac's card page, LINE's consent and
// pushed-messages pages, the mail catcher) in the shop's look, in a real Chromium at 390 and
// 1280 px: the stylesheet each emulator serves is applied (the shop's canvas and brand colours), the
// console stays clean, nothing is wider than the window, and axe finds no serious violation.
// Screenshots go to tests/.tmp/screenshots/emulator-<page>-<width>.png for a reviewer to look at.
// The emulators run in-process on ports the system picks, beside the stack's own.
import { startEmulatorPages } from "../helpers/emulator-pages";
import { expect, test } from "./fixtures";
import { expectNoSeriousAxeViolations } from "./helpers";
import { errorsAndWarnings, watchPageProblems } from "./page-problems";

const WIDTHS = [390, 1280] as const;
const SCREENSHOTS = "tests/.tmp/screenshots";
// The shop's tokens as the browser computes them (lib/brand/theme.css).
const CANVAS = "rgb(247, 248, 250)";
const BRAND = "rgb(4, 122, 53)";
// Playwright's trace recorder runs a script in every frame; the mail's sandboxed frame refuses it
// (which is what the sandbox is for). Without tracing the browser says nothing.
const TRACE_IN_SANDBOXED_FRAME = /Blocked script execution in '[^']*\/mail\/[\w-]+\/html'/;

let emulators: Awaited<ReturnType<typeof startEmulatorPages>>;
test.beforeAll(async () => {
  emulators = await startEmulatorPages();
});
test.afterAll(() => emulators?.close());

test("the emulators' pages wear the shop's look at 390 and 1280 px with a clean console", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const seen = watchPageProblems(page, errorsAndWarnings);
  const problems: string[] = [];
  for (const stop of emulators.pages) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      seen.length = 0;
      // "load" waits for the stylesheet and the mail's frame: nothing else loads later.
      const response = await page.goto(stop.url);
      const where = `${stop.name} at ${width}px`;
      if (response?.status() !== stop.status)
        problems.push(`${where}: status ${response?.status()}`);
      // Chromium logs an error page's own status as a failed load; that one is expected.
      problems.push(
        ...seen
          .filter((line) => !line.includes(`status of ${stop.status}`))
          .filter((line) => !TRACE_IN_SANDBOXED_FRAME.test(line))
          .map((line) => `${where}: ${line}`),
      );
      const look = await page.evaluate(() => ({
        canvas: getComputedStyle(document.body).backgroundColor,
        wide: document.documentElement.scrollWidth,
      }));
      if (look.canvas !== CANVAS) problems.push(`${where}: body background is ${look.canvas}`);
      if (look.wide > width) problems.push(`${where}: page is ${look.wide}px wide`);
      await page.screenshot({
        path: `${SCREENSHOTS}/emulator-${stop.name}-${width}.png`,
        fullPage: true,
      });
      if (width === 1280) await expectNoSeriousAxeViolations(page, stop.name);
    }
  }
  expect(problems).toEqual([]);

  // The main action on LINE Pay's page is the brand's button.
  await page.goto(urlOf("linepay-payment"));
  await expect(page.getByRole("button", { name: "Approve payment" })).toHaveCSS(
    "background-color",
    BRAND,
  );

  // SinoPac's card page refusing a short card number, on a phone.
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(urlOf("sinopac-card"));
  seen.length = 0;
  await page.locator("#CardNo1").fill("4000");
  await page.locator("#send").click();
  await expect(page.getByRole("alert")).toHaveText(/Enter the 16-digit card number/);
  await page.screenshot({ path: `${SCREENSHOTS}/emulator-sinopac-card-refused-390.png` });
  await expectNoSeriousAxeViolations(page, "sinopac-card refused");
  expect(seen.filter((line) => !line.includes("status of 400"))).toEqual([]);
});

const urlOf = (name: string) => emulators.pages.find((p) => p.name === name)!.url;
