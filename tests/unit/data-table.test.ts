// The one table component, rendered to HTML: caption and region name, headers, numeric and key
// columns, hidden-below classes, row headers, test ids, the empty state and the row link.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable, type DataColumn, type DataTableProps } from "@/app/_components/data-table";

interface Row {
  id: string;
  status: string;
  amount: string;
  note: string;
}

const columns: DataColumn<Row>[] = [
  { key: "id", header: "Order", rowHeader: true, cell: (row) => row.id },
  { key: "status", header: "Status", isKey: true, cellTestId: "row-status", cell: (r) => r.status },
  { key: "amount", header: "Amount", isKey: true, align: "end", cell: (row) => row.amount },
  { key: "note", header: "Note", wrap: true, hideBelow: "md", cell: (row) => row.note },
];
const rows: Row[] = [
  { id: "A-1", status: "Paid", amount: "NT$100", note: "first" },
  { id: "A-2", status: "Refunded", amount: "NT$200", note: "second" },
];

function markup(props: Partial<DataTableProps<Row>>): string {
  return renderToStaticMarkup(
    createElement(DataTable<Row>, {
      caption: "Orders",
      columns,
      rows,
      rowKey: (row) => row.id,
      ...props,
    }),
  );
}

/** The class attribute of the first element that opens with `opening` (e.g. `<th scope="col"`). */
function classOf(html: string, opening: string, text: string): string[] {
  const match = new RegExp(`${opening}[^>]*class="([^"]*)"[^>]*>${text}<`).exec(html);
  if (!match) throw new Error(`no ${opening} for ${text}`);
  return match[1]!.split(" ");
}

describe("DataTable", () => {
  it("names its scroll box and table by the caption, with one header per column", () => {
    const html = markup({ testId: "orders", rowTestId: "order-row" });
    expect(html).toMatch(
      /<div class="[^"]*overflow-x-auto[^"]*" tabindex="0" role="region" aria-label="Orders">/,
    );
    expect(html).toMatch(
      /<table class="[^"]*" data-testid="orders"><caption class="[^"]*">Orders<\/caption>/,
    );
    expect(html.match(/<th scope="col"/g)).toHaveLength(4);
    expect(html.match(/data-testid="order-row"/g)).toHaveLength(2);
  });

  it("keeps key columns on one line and never hides them", () => {
    const html = markup({});
    for (const [opening, text] of [
      ['<th scope="col"', "Status"],
      ['<th scope="col"', "Amount"],
      ["<td", "NT\\$200"],
      ["<td", "Refunded"],
    ] as const) {
      const classes = classOf(html, opening, text);
      expect(classes).toContain("whitespace-nowrap");
      expect(classes).not.toContain("hidden");
    }
    expect(classOf(html, "<td", "NT\\$200")).toEqual(
      expect.arrayContaining(["text-right", "tabular-nums"]),
    );
    expect(html).toContain('data-testid="row-status">Refunded</td>');
  });

  it("hides a detail column below its width, in header and body alike, and lets it wrap", () => {
    const html = markup({});
    for (const classes of [
      classOf(html, '<th scope="col"', "Note"),
      classOf(html, "<td", "first"),
    ]) {
      expect(classes).toEqual(
        expect.arrayContaining(["hidden", "min-[960px]:table-cell", "whitespace-normal"]),
      );
    }
    expect(html).toMatch(/<th scope="row" class="[^"]*">A-1<\/th>/);
  });

  it("keeps back-office cells on one line except on a phone", () => {
    const dense = markup({ dense: true });
    expect(dense).toMatch(/<table class="[^"]*text-sm[^"]*"/);
    const classes = classOf(dense, '<th scope="row"', "A-1");
    expect(classes).toEqual(
      expect.arrayContaining([
        "whitespace-nowrap",
        "max-sm:whitespace-normal",
        "max-sm:wrap-anywhere",
      ]),
    );
    expect(classOf(markup({}), '<th scope="row"', "A-1")).not.toContain("whitespace-nowrap");
  });

  it("shows the empty state across all columns when there are no rows", () => {
    const html = markup({ rows: [], empty: "No orders yet" });
    expect(html).toMatch(
      /<tbody[^>]*><tr><td colSpan="4" class="[^"]*">No orders yet<\/td><\/tr><\/tbody>/,
    );
    expect(markup({ rows: [] })).toMatch(/<tbody[^>]*><\/tbody>/);
  });

  it("links the first cell of each row to its detail view", () => {
    const html = markup({ rowHref: (row) => `/orders/${row.id}` });
    expect(html).toMatch(
      /<th scope="row" class="[^"]*"><a class="[^"]*" href="\/orders\/A-1">A-1<\/a><\/th>/,
    );
    expect(html).toContain('href="/orders/A-2">A-2</a>');
  });
});
