// One Prisma schema source, one generated schema per provider: Prisma's migrations and generated
// clients are provider-specific, so SQLite and Postgres each need their own schema.prisma. Only the
// datasource provider and the generated client's folder differ between the two.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const SCHEMA_SOURCE = "prisma/schema.source.prisma";

const PROVIDERS = [
  { folder: "sqlite", datasource: "sqlite" },
  { folder: "postgres", datasource: "postgresql" },
] as const;

export interface SchemaFile {
  path: string;
  text: string;
}

/** The generated files (paths relative to the repository root) the source produces. */
export function renderSchemas(source: string): SchemaFile[] {
  // The source's opening comment (how to edit it and add a migration) stays in the source.
  const body = source.replace(/^(\/\/.*\n)+\n/, "");
  return PROVIDERS.map(({ folder, datasource }) => {
    const text = body.replaceAll("{{client}}", folder).replaceAll("{{provider}}", datasource);
    if (text.includes("{{")) {
      throw new Error(`${SCHEMA_SOURCE} has a placeholder other than {{client}} or {{provider}}`);
    }
    const header = `// Generated from ${SCHEMA_SOURCE} by \`npm run db:schemas\`. Do not edit: edit the source.`;
    return { path: `prisma/${folder}/schema.prisma`, text: `${header}\n\n${text}` };
  });
}

function renderFrom(root: string): SchemaFile[] {
  return renderSchemas(readFileSync(join(root, SCHEMA_SOURCE), "utf8"));
}

/** Writes every generated schema under `root`; returns their paths. */
export function writeSchemas(root: string): string[] {
  const files = renderFrom(root);
  for (const file of files) writeFileSync(join(root, file.path), file.text);
  return files.map((file) => file.path);
}

/** The generated schemas under `root` that are missing or differ from what the source produces. */
export function findStaleSchemas(root: string): string[] {
  return renderFrom(root)
    .filter((file) => {
      const path = join(root, file.path);
      return !existsSync(path) || readFileSync(path, "utf8") !== file.text;
    })
    .map((file) => file.path);
}
