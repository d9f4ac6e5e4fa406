// Every local emulator's pages link the stylesheet the emulator builds from the shop's tokens
// (lib/brand/theme.css) and serves itself with a year-long cache; every class a page uses is in it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorPages, type EmulatorPage } from "../helpers/emulator-pages";

let emulators: Awaited<ReturnType<typeof startEmulatorPages>>;
beforeAll(async () => {
  emulators = await startEmulatorPages();
}, 30_000);
afterAll(() => emulators?.close());

/** A class name as Tailwind writes it in a selector: `sm:p-6` → `.sm\:p-6`. */
const selectorOf = (name: string) => `.${name.replace(/[^a-zA-Z0-9_-]/g, (c) => `\\${c}`)}`;

const classesOf = (html: string) =>
  new Set(
    [...html.matchAll(/class="([^"]*)"/g)].flatMap((m) => m[1]!.split(/\s+/)).filter(Boolean),
  );

describe("emulator pages and their stylesheet", () => {
  it("covers each emulator", () => {
    const names = emulators.pages.map((p) => p.name.split("-")[0]);
    expect(new Set(names)).toEqual(new Set(["linepay", "sinopac", "line", "mail"]));
  });

  it("each page links a stylesheet, served for a year, with the shop's tokens and every class it uses", async () => {
    for (const page of emulators.pages) await expectStyled(page);
  });
});

async function expectStyled(page: EmulatorPage) {
  const response = await fetch(page.url);
  expect(response.status, page.name).toBe(page.status);
  const html = await response.text();
  const href = /<link rel="stylesheet" href="([^"]+)">/.exec(html)?.[1];
  expect(href, `${page.name} links the stylesheet`).toMatch(/^\/__assets\/emulator\.css\?v=\w+$/);

  const css = await fetch(new URL(href!, page.url));
  expect(css.status, page.name).toBe(200);
  expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  expect(css.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  const text = await css.text();
  // The shop's tokens, not copies: the colours come from theme.css's variables.
  expect(text).toContain("--color-brand:#047a35");
  expect(text).toContain(".bg-canvas{background-color:var(--color-canvas)}");
  const missing = [...classesOf(html)].filter((name) => !text.includes(selectorOf(name)));
  expect(missing, `${page.name}: classes without a rule`).toEqual([]);
}
