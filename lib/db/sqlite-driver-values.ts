// Values between better-sqlite3 and Prisma's driver-adapter interface, as Prisma's own
// @prisma/adapter-better-sqlite3 (6.19) converts them: arguments in (dates as ISO text, booleans as
// 0/1), rows out (column types from the declared types, 64-bit integers as text, dates from epoch
// numbers), and SQLite's errors as the DriverAdapterError kinds Prisma maps to its codes (P2002 …).
// Kept in step with that adapter by tests/integration/sqlite-driver-adapter.test.ts.
import {
  ColumnTypeEnum,
  DriverAdapterError,
  type ArgType,
  type ColumnType,
  type MappedError,
} from "@prisma/driver-adapter-utils";

const DECLARED_TYPES: Record<string, ColumnType> = {
  DECIMAL: ColumnTypeEnum.Numeric,
  FLOAT: ColumnTypeEnum.Float,
  ...Object.fromEntries(
    ["DOUBLE", "DOUBLE PRECISION", "NUMERIC", "REAL"].map((t) => [t, ColumnTypeEnum.Double]),
  ),
  ...Object.fromEntries(
    ["TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "SERIAL", "INT2"].map((t) => [
      t,
      ColumnTypeEnum.Int32,
    ]),
  ),
  ...Object.fromEntries(
    ["BIGINT", "UNSIGNED BIG INT", "INT8"].map((t) => [t, ColumnTypeEnum.Int64]),
  ),
  DATETIME: ColumnTypeEnum.DateTime,
  TIMESTAMP: ColumnTypeEnum.DateTime,
  TIME: ColumnTypeEnum.Time,
  DATE: ColumnTypeEnum.Date,
  ...Object.fromEntries(
    [
      "TEXT",
      "CLOB",
      "CHARACTER",
      "VARCHAR",
      "VARYING CHARACTER",
      "NCHAR",
      "NATIVE CHARACTER",
      "NVARCHAR",
    ].map((t) => [t, ColumnTypeEnum.Text]),
  ),
  BLOB: ColumnTypeEnum.Bytes,
  BOOLEAN: ColumnTypeEnum.Boolean,
  JSONB: ColumnTypeEnum.Json,
};

/** A column without a declared type (an expression) takes the type of its first non-null value. */
function inferredType(value: unknown): ColumnType {
  if (typeof value === "string") return ColumnTypeEnum.Text;
  if (typeof value === "bigint") return ColumnTypeEnum.Int64;
  if (typeof value === "boolean") return ColumnTypeEnum.Boolean;
  if (typeof value === "number") return ColumnTypeEnum.UnknownNumber;
  if (value instanceof ArrayBuffer || value instanceof Uint8Array) return ColumnTypeEnum.Bytes;
  throw new Error(`unexpected value of type ${typeof value} in a result column`);
}

/** The types the columns' declarations name; undefined for a column without one (an expression). */
export function declaredColumnTypes(
  declared: ReadonlyArray<string | null>,
): Array<ColumnType | undefined> {
  return declared.map((type) => (type ? DECLARED_TYPES[type.toUpperCase()] : undefined));
}

/** Declared types as they are; an undeclared column typed by its values (Int32 when all null). */
export function columnTypesOf(
  declared: ReadonlyArray<ColumnType | undefined>,
  rows: unknown[][],
): ColumnType[] {
  return declared.map((known, column) => {
    if (known !== undefined) return known;
    const sample = rows.find((row) => row[column] !== null)?.[column];
    return sample === undefined ? ColumnTypeEnum.Int32 : inferredType(sample);
  });
}

export function toDriverRow(row: unknown[], types: ColumnType[]): unknown[] {
  return row.map((value, i) => {
    if (value instanceof ArrayBuffer || value instanceof Uint8Array) {
      return Array.from(value instanceof ArrayBuffer ? new Uint8Array(value) : value);
    }
    const type = types[i];
    const isInteger = type === ColumnTypeEnum.Int32 || type === ColumnTypeEnum.Int64;
    if (typeof value === "number" && isInteger && !Number.isInteger(value))
      return Math.trunc(value);
    if (
      type === ColumnTypeEnum.DateTime &&
      (typeof value === "number" || typeof value === "bigint")
    )
      return new Date(Number(value)).toISOString();
    if (typeof value === "bigint") return value.toString();
    return value;
  });
}

export function toSqliteArg(arg: unknown, type: ArgType | undefined): unknown {
  if (arg === null) return null;
  if (typeof arg === "boolean") return arg ? 1 : 0;
  const scalar = type?.scalarType;
  if (typeof arg === "string") {
    if (scalar === "int") return Number.parseInt(arg);
    if (scalar === "float" || scalar === "decimal") return Number.parseFloat(arg);
    if (scalar === "bigint") return BigInt(arg);
    if (scalar === "bytes") return Buffer.from(arg, "base64");
    if (scalar === "datetime") arg = new Date(arg);
  }
  if (arg instanceof Date) return arg.toISOString().replace("Z", "+00:00");
  if (Array.isArray(arg) && scalar === "bytes") return Buffer.from(arg as number[]);
  return arg;
}

function fieldsOf(message: string): { fields: string[] } | undefined {
  const list = message.split("constraint failed: ").at(1);
  return list === undefined
    ? undefined
    : { fields: list.split(", ").map((field) => field.split(".").pop() ?? field) };
}

function mappedError(code: string, message: string): MappedError | null {
  switch (code) {
    case "SQLITE_BUSY":
      return { kind: "SocketTimeout" };
    case "SQLITE_CONSTRAINT_UNIQUE":
    case "SQLITE_CONSTRAINT_PRIMARYKEY":
      return { kind: "UniqueConstraintViolation", constraint: fieldsOf(message) };
    case "SQLITE_CONSTRAINT_NOTNULL":
      return { kind: "NullConstraintViolation", constraint: fieldsOf(message) };
    case "SQLITE_CONSTRAINT_FOREIGNKEY":
    case "SQLITE_CONSTRAINT_TRIGGER":
      return { kind: "ForeignKeyConstraintViolation", constraint: { foreignKey: {} } };
  }
  if (message.startsWith("no such table"))
    return { kind: "TableDoesNotExist", table: message.split(": ").at(1) };
  if (message.startsWith("no such column"))
    return { kind: "ColumnNotFound", column: message.split(": ").at(1) };
  if (message.includes("has no column named "))
    return { kind: "ColumnNotFound", column: message.split("has no column named ").at(1) };
  return null;
}

/** SQLite's error as Prisma's DriverAdapterError where Prisma knows its kind; others unchanged. */
export function toDriverError(error: unknown): unknown {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code !== "string" || typeof message !== "string") return error;
  const mapped = mappedError(code, message);
  if (!mapped) return error;
  return new DriverAdapterError({ originalCode: code, originalMessage: message, ...mapped });
}
