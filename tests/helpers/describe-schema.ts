// A provider-neutral description of a live database's structure (tables, columns, indexes,
// foreign keys), used to compare "migrations applied" with "schema.prisma applied from empty".
import Database from "better-sqlite3";
import pg from "pg";

export interface SchemaShape {
  columns: string[];
  indexes: string[];
  foreignKeys: string[];
}

export function describeSqlite(file: string): SchemaShape {
  const db = new Database(file, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%' ORDER BY name",
      )
      .all() as { name: string }[];
    const shape: SchemaShape = { columns: [], indexes: [], foreignKeys: [] };
    for (const { name } of tables) {
      for (const c of db.pragma(`table_info("${name}")`) as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: string | null;
        pk: number;
      }[]) {
        shape.columns.push(
          `${name}.${c.name} ${c.type} notnull=${c.notnull} default=${c.dflt_value} pk=${c.pk}`,
        );
      }
      for (const i of db.pragma(`index_list("${name}")`) as { name: string; unique: number }[]) {
        const cols = (db.pragma(`index_info("${i.name}")`) as { name: string }[])
          .map((c) => c.name)
          .join(",");
        shape.indexes.push(`${name} ${i.name} unique=${i.unique} (${cols})`);
      }
      for (const f of db.pragma(`foreign_key_list("${name}")`) as {
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
      }[]) {
        shape.foreignKeys.push(
          `${name}.${f.from} -> ${f.table}.${f.to} ${f.on_update}/${f.on_delete}`,
        );
      }
    }
    return normalise(shape);
  } finally {
    db.close();
  }
}

export async function describePostgres(url: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT LIKE '_prisma%'`,
    );
    const indexes = await client.query(
      `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '_prisma%'`,
    );
    const foreignKeys = await client.query(
      `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'f' AND connamespace = 'public'::regnamespace`,
    );
    const enums = await client.query(
      `SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS labels FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    return normalise({
      columns: [
        ...columns.rows.map(
          (c) =>
            `${c.table_name}.${c.column_name} ${c.data_type}/${c.udt_name} nullable=${c.is_nullable} default=${c.column_default}`,
        ),
        ...enums.rows.map((e) => `enum ${e.typname}: ${e.labels}`),
      ],
      indexes: indexes.rows.map((i) => `${i.tablename} ${i.indexname} ${i.indexdef}`),
      foreignKeys: foreignKeys.rows.map((f) => `${f.tbl} ${f.conname} ${f.def}`),
    });
  } finally {
    await client.end();
  }
}

function normalise(shape: SchemaShape): SchemaShape {
  return {
    columns: [...shape.columns].sort(),
    indexes: [...shape.indexes].sort(),
    foreignKeys: [...shape.foreignKeys].sort(),
  };
}
