// `npm run db:schemas`: writes prisma/sqlite/schema.prisma and prisma/postgres/schema.prisma from
// prisma/schema.source.prisma. With `--check` (an early step of `npm test`) it writes nothing and
// exits 1 naming each generated file that differs from the source, e.g. one edited by hand.
import { findStaleSchemas, SCHEMA_SOURCE, writeSchemas } from "./prisma-schemas";

const root = process.cwd();
if (process.argv.includes("--check")) {
  const stale = findStaleSchemas(root);
  if (stale.length > 0) {
    console.error(
      `${stale.join(" and ")} ${stale.length === 1 ? "differs" : "differ"} from what ${SCHEMA_SOURCE} produces.\n` +
        `Generated schemas are not edited by hand: edit ${SCHEMA_SOURCE}, then run npm run db:schemas.`,
    );
    process.exit(1);
  }
  console.log(`Prisma schemas match ${SCHEMA_SOURCE}.`);
} else {
  for (const path of writeSchemas(root)) console.log(`Wrote ${path}`);
  console.log("Run npm run db:generate to regenerate the Prisma clients.");
}
