// The one table of the shop, the account and the back office: typed columns, a caption that also
// names the scroll box, an empty state, numeric alignment, and columns that step aside on narrow
// screens. Status and amount columns (isKey) can never be hidden; what a list leaves out belongs
// on the row's detail view (rowHref links the first cell there). A server component: no client JS.
import type { ReactNode } from "react";
import Link from "next/link";
import { cn } from "./ui/cn";

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

// Whole class names (Tailwind finds them in the source): hidden below the width, a cell above it.
const HIDE_BELOW: Record<Breakpoint, string> = {
  sm: "hidden min-[640px]:table-cell",
  md: "hidden min-[960px]:table-cell",
  lg: "hidden min-[1280px]:table-cell",
  xl: "hidden min-[1600px]:table-cell",
};

/** Classes shared by a column's heading and its cells. */
export function columnClass<Row>(column: DataColumn<Row>, dense: boolean): string {
  return cn(
    column.align === "end" ? "text-right tabular-nums" : "text-left",
    // Status and amount read on one line at every width; on a phone the other cells wrap (long
    // order ids anywhere) so that status and amount stay in view.
    column.isKey
      ? "whitespace-nowrap"
      : column.wrap
        ? // Broken anywhere (an email, JSON), but from a tablet up never narrower than 8rem: a
          // squeezed column would otherwise go down to one letter per line.
          "whitespace-normal wrap-anywhere sm:min-w-32"
        : dense
          ? "whitespace-nowrap max-sm:whitespace-normal max-sm:wrap-anywhere"
          : "max-sm:wrap-anywhere",
    column.hideBelow ? HIDE_BELOW[column.hideBelow] : null,
  );
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
  const pad = dense ? "px-3 py-2" : "px-4 py-3";
  return (
    // Focusable and named so keyboard and screen-reader users can scroll it (axe
    // scrollable-region-focusable) when a phone is narrower than the kept columns. Relative, so
    // positioned parts of a row scroll with it.
    <div
      className="relative my-3 max-w-full overflow-x-auto rounded-card border border-line bg-surface shadow-xs"
      tabIndex={0}
      role="region"
      aria-label={caption}
    >
      <table
        className={cn("w-full border-collapse", dense ? "text-sm" : "text-base")}
        data-testid={testId}
      >
        <caption className="caption-top border-b border-line px-3 py-2 text-left text-sm text-muted">
          {caption}
        </caption>
        <thead className="bg-subtle">
          <tr>
            {columns.map((column) => (
              <th
                key={column.key}
                scope="col"
                className={cn(
                  pad,
                  "border-b border-line text-sm font-semibold text-muted",
                  columnClass(column, dense),
                )}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="[&>tr:last-child>*]:border-b-0">
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-muted">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)} data-testid={rowTestId} className="hover:bg-canvas">
                {columns.map((column, index) => {
                  const content = column.cell(row);
                  const linked =
                    index === 0 && rowHref ? (
                      <Link href={rowHref(row)} className="font-medium">
                        {content}
                      </Link>
                    ) : (
                      content
                    );
                  const Cell = column.rowHeader ? "th" : "td";
                  return (
                    <Cell
                      key={column.key}
                      scope={column.rowHeader ? "row" : undefined}
                      className={cn(
                        pad,
                        "border-b border-line align-middle",
                        column.rowHeader ? "font-semibold" : "font-normal",
                        columnClass(column, dense),
                      )}
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
