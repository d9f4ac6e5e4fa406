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

describe("DataTable", () => {
  it("names its scroll box and table by the caption, with one header per column", () => {
    const html = markup({ testId: "orders", rowTestId: "order-row" });
    expect(html).toContain(
      '<div class="table-scroll" tabindex="0" role="region" aria-label="Orders">',
    );
    expect(html).toContain(
      '<table class="data-table" data-testid="orders"><caption class="muted">Orders</caption>',
    );
    expect(html.match(/<th scope="col"/g)).toHaveLength(4);
    expect(html.match(/data-testid="order-row"/g)).toHaveLength(2);
  });

  it("marks key, numeric, wrapping and hidden-below columns in header and body alike", () => {
    const html = markup({});
    expect(html).toContain('<th scope="col" class="key-col">Status</th>');
    expect(html).toContain('<th scope="col" class="num key-col">Amount</th>');
    expect(html).toContain('<th scope="col" class="wrap hide-below-md">Note</th>');
    expect(html).toContain('<td class="num key-col">NT$200</td>');
    expect(html).toContain('<td class="wrap hide-below-md">first</td>');
    expect(html).toContain('<td class="key-col" data-testid="row-status">Refunded</td>');
    expect(html).toContain('<th scope="row">A-1</th>');
  });

  it("uses the dense back-office style on request", () => {
    expect(markup({ dense: true })).toContain('<table class="data-table admin-table">');
  });

  it("shows the empty state across all columns when there are no rows", () => {
    const html = markup({ rows: [], empty: "No orders yet" });
    expect(html).toContain('<tbody><tr><td colSpan="4">No orders yet</td></tr></tbody>');
    expect(markup({ rows: [] })).toContain("<tbody></tbody>");
  });

  it("links the first cell of each row to its detail view", () => {
    const html = markup({ rowHref: (row) => `/orders/${row.id}` });
    expect(html).toContain('<th scope="row"><a href="/orders/A-1">A-1</a></th>');
    expect(html).toContain('<a href="/orders/A-2">A-2</a>');
  });
});
