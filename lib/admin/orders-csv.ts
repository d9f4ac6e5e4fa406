// CSV export of the filtered admin orders, produced batch by batch so a million-row export streams
// with flat memory instead of building one huge string.
import type { Db } from "@/lib/db/client";
import { scanAdminOrders, type AdminOrderRow } from "@/lib/db/admin-order-query";
import { currencyExponent } from "@/lib/billing/money";
import type { OrderFilters } from "./order-filters";

export const ORDERS_CSV_COLUMNS = [
  "orderId",
  "createdAt",
  "paidAt",
  "type",
  "status",
  "currency",
  "amount",
  "refunded",
  "transactionId",
  "shopperEmail",
  "plan",
] as const;

/** Major units as plain decimal text ("300", "19.99"): spreadsheets must not guess a currency format. */
function decimal(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  return exponent === 0 ? String(amountMinor) : (amountMinor / 10 ** exponent).toFixed(exponent);
}

// csv-stringify's default quoting, written out: a cell is quoted when it holds a comma, a quote or a
// line break, and quotes inside are doubled (tests/unit/orders-csv.test.ts checks both agree).
// csv-stringify built ~30 small objects per row (cast contexts, [value, field] pairs), which made it
// and its garbage collection a third of a million-row export's CPU time.
const NEEDS_QUOTES = /[",\n\r]/;

/** One CSV line (with its "\n") for a record of text cells. */
export function toCsvLine(cells: readonly string[]): string {
  let line = "";
  for (let i = 0; i < cells.length; i++) {
    const cell = neutraliseFormula(cells[i] as string);
    line += (i === 0 ? "" : ",") + (NEEDS_QUOTES.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);
  }
  return line + "\n";
}

function toRecord(row: AdminOrderRow): string[] {
  return [
    row.orderId,
    row.createdAt.toISOString(),
    row.paidAt?.toISOString() ?? "",
    row.kind,
    row.status,
    row.currency,
    decimal(row.amountMinor, row.currency),
    decimal(row.refundedMinor, row.currency),
    row.transactionId ?? "",
    row.userEmail,
    row.planName,
  ];
}

/** The CSV text in chunks: the header first, then one chunk per database batch. */
export async function* generateOrdersCsv(db: Db, filters: OrderFilters, batchSize?: number): AsyncGenerator<string> {
  yield toCsvLine(ORDERS_CSV_COLUMNS);
  for await (const batch of scanAdminOrders(db, filters, batchSize)) {
    let chunk = "";
    for (const row of batch) chunk += toCsvLine(toRecord(row));
    yield chunk;
  }
}

// Cells starting with = + - @ would run as formulas in a spreadsheet; quoting does not neutralise
// them, so such text (only emails and plan names could) gets a leading '.
function neutraliseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
