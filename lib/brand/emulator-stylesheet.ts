// The local emulators' stylesheet: Tailwind v4 compiled at run time from the shop's tokens
// (theme.css beside this file, the one source) and the utility classes found in one emulator's own
// source files, so every emulator page has the shop's look while importing nothing from the app.
// Built on the first request for it and kept for the life of the process.
import type { ServerResponse } from "node:http";
import { fileURLToPath } from "node:url";

/** Where each emulator serves its stylesheet. */
export const EMULATOR_STYLESHEET_PATH = "/__assets/emulator.css";

// Sources only change with a restart, so a per-start version makes a year-long cache safe.
const VERSION = Date.now().toString(36);

/** The `<link>` every emulator page puts in its `<head>`. */
export const EMULATOR_STYLESHEET_LINK = `<link rel="stylesheet" href="${EMULATOR_STYLESHEET_PATH}?v=${VERSION}">`;

const BRAND_DIR = fileURLToPath(new URL(".", import.meta.url));

// The tokens plus the page defaults the shop's own pages start from (base.css).
const INPUT_CSS = `@import "tailwindcss" source(none);
@import "./theme.css";
@import "./base.css";
`;

const built = new Map<string, Promise<string>>();

/**
 * The minified CSS for the classes used in `sourceDir`'s .ts files (an emulator's folder) and in
 * this folder's shared page shell (emulator-page.ts).
 */
export function emulatorStylesheet(sourceDir: string): Promise<string> {
  let css = built.get(sourceDir);
  if (!css) {
    css = buildStylesheet(sourceDir);
    built.set(sourceDir, css);
    // A failed build (a broken install) is tried again on the next request, not cached.
    css.catch(() => built.delete(sourceDir));
  }
  return css;
}

async function buildStylesheet(sourceDir: string): Promise<string> {
  // Loaded on first use: an emulator that never serves a page never pays for the compiler.
  const [{ compile, optimize }, { Scanner }] = await Promise.all([
    import("@tailwindcss/node"),
    import("@tailwindcss/oxide"),
  ]);
  const compiler = await compile(INPUT_CSS, { base: BRAND_DIR, onDependency: () => {} });
  const scanner = new Scanner({
    sources: [sourceDir, BRAND_DIR].map((base) => ({ base, pattern: "*.ts", negated: false })),
  });
  return optimize(compiler.build(scanner.scan()), { minify: true }).code;
}

/** Answers GET EMULATOR_STYLESHEET_PATH for the emulator whose pages live in `sourceDir`. */
export async function serveEmulatorStylesheet(
  res: ServerResponse,
  sourceDir: string,
): Promise<void> {
  const css = await emulatorStylesheet(sourceDir);
  res.writeHead(200, {
    "Content-Type": "text/css; charset=utf-8",
    "Content-Length": Buffer.byteLength(css),
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(css);
}
