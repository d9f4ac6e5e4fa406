// The route catalog that the authorization matrix and the fuzz tests walk must list every route
// handler method, page and server action in app/: a new one that is not in the catalog fails here,
// so neither suite can silently go stale.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG, IDENTITIES, entryName } from "../e2e/route-catalog";

const ROOT = join(import.meta.dirname, "../..");
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? filesUnder(join(dir, d.name)) : [join(dir, d.name)],
  );
}

/** Names a module exports: `export async function X`, `export const X`, `export { a as X, Y }`. */
function exportedNames(source: string): string[] {
  const names = [
    ...source.matchAll(/export\s+(?:async\s+)?(?:function\*?|const|let|var)\s+([A-Za-z0-9_$]+)/g),
  ].map((m) => m[1]!);
  for (const list of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of list[1]!.split(",")) {
      const name = part
        .trim()
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

function discovered(): string[] {
  const found: string[] = [];
  for (const path of filesUnder(join(ROOT, "app")).filter((p) => /\.(ts|tsx)$/.test(p))) {
    const file = relative(ROOT, path);
    const source = readFileSync(path, "utf8");
    if (/\/route\.ts$/.test(file)) {
      for (const name of exportedNames(source).filter((n) => HTTP_METHODS.includes(n)))
        found.push(`route ${file} ${name}`);
    } else if (/\/page\.tsx$/.test(file)) {
      found.push(`page ${file} default`);
    } else if (/^\s*["']use server["']/m.test(source.split("\n").slice(0, 3).join("\n"))) {
      // A "use server" module: every exported async function is a public POST endpoint.
      for (const name of [...source.matchAll(/export\s+async\s+function\s+([A-Za-z0-9_$]+)/g)].map(
        (m) => m[1]!,
      ))
        found.push(`action ${file} ${name}`);
    }
  }
  return found.sort();
}

describe("route catalog", () => {
  it("lists exactly the route handler methods, pages and server actions under app/", () => {
    const catalogued = [...new Set(CATALOG.map(entryName))].sort();
    const found = discovered();
    expect(
      found.filter((name) => !catalogued.includes(name)),
      "in app/ but not in tests/e2e/route-catalog.ts",
    ).toEqual([]);
    expect(
      catalogued.filter((name) => !found.includes(name)),
      "in the catalog but no longer in app/",
    ).toEqual([]);
  });

  it('finds inline "use server" functions nowhere but in the catalogued action modules', () => {
    const inline = filesUnder(join(ROOT, "app"))
      .filter((p) => /\.(ts|tsx)$/.test(p))
      .filter((p) => /^\s+["']use server["']/m.test(readFileSync(p, "utf8")))
      .map((p) => relative(ROOT, p));
    expect(
      inline,
      "inline server actions must move to an actions.ts module listed in the catalog",
    ).toEqual([]);
  });

  it("says what every identity gets for every entry", () => {
    for (const entry of CATALOG)
      expect(Object.keys(entry.outcomes).sort(), entryName(entry)).toEqual([...IDENTITIES].sort());
  });
});
