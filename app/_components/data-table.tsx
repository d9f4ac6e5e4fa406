// The one table of the shop, the account and the back office: typed columns, a caption that also
// names the scroll box, an empty state, numeric alignment, and columns that step aside on narrow
// screens. Status and amount columns (isKey) can never be hidden; what a list leaves out belongs
// on the row's detail view (rowHref links the first cell there). A server component: no client JS.
import type { ReactNode } from "react";
import Link from "next/link";

/** Below this window width the column is hidden (sm 640, md 960, lg 1280, xl 1600 px). */
export type Breakpoint = "sm" | "md" | "lg" | "xl";

interface ColumnBase<Row> {
  key: string;
  header: ReactNode;
  cell: (row: Row) => ReactNode;
  /** "end" for numbers and money: right-aligned, tabular figures. */
  align?: "start" | "end";
  /** Long text (emails, reasons, raw data) may wrap; everything else stays on one line in the admin. */
  wrap?: boolean;
  /** The cell is the row's heading (`th scope="row"`). */
  rowHeader?: boolean;
  /** data-testid on each body cell of this column. */
  cellTestId?: string;
}

/** A status or amount column: always shown, at every width. */
interface KeyColumn<Row> extends ColumnBase<Row> {
  isKey: true;
  hideBelow?: never;
}

interface OtherColumn<Row> extends ColumnBase<Row> {
  isKey?: false;
  hideBelow?: Breakpoint;
}

export type DataColumn<Row> = KeyColumn<Row> | OtherColumn<Row>;

export interface DataTableProps<Row> {
  caption: string;
  columns: ReadonlyArray<DataColumn<Row>>;
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Dense back-office styling (one-line cells, smaller type). */
  dense?: boolean;
  testId?: string;
  rowTestId?: string;
  /** The row's detail view: the first cell links there. */
  rowHref?: (row: Row) => string;
  /** Shown in the table's body when there are no rows. */
  empty?: ReactNode;
}

function columnClass<Row>(column: DataColumn<Row>): string | undefined {
  const names = [
    column.align === "end" ? "num" : null,
    column.wrap ? "wrap" : null,
    column.isKey ? "key-col" : null,
    column.hideBelow ? `hide-below-${column.hideBelow}` : null,
  ].filter(Boolean);
  return names.length > 0 ? names.join(" ") : undefined;
}

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  dense = false,
  testId,
  rowTestId,
  rowHref,
  empty,
}: DataTableProps<Row>) {
  return (
    // Focusable and named so keyboard and screen-reader users can scroll it (axe
    // scrollable-region-focusable) when a phone is narrower than the kept columns.
    <div className="table-scroll" tabIndex={0} role="region" aria-label={caption}>
      <table className={dense ? "data-table admin-table" : "data-table"} data-testid={testId}>
        <caption className="muted">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={columnClass(column)}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length}>{empty}</td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} data-testid={rowTestId}>
                {columns.map((column, index) => {
                  const content = column.cell(row);
                  const linked =
                    index === 0 && rowHref ? <Link href={rowHref(row)}>{content}</Link> : content;
                  const Cell = column.rowHeader ? "th" : "td";
                  return (
                    <Cell
                      key={column.key}
                      scope={column.rowHeader ? "row" : undefined}
                      className={columnClass(column)}
                      data-testid={column.cellTestId}
                    >
                      {linked}
                    </Cell>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
