import { describe, expect, it } from "vitest";
import { stringify } from "csv-stringify/sync";
import { ORDERS_CSV_COLUMNS, toCsvLine } from "@/lib/admin/orders-csv";

// What the export did before its lines were written by hand: neutralise formulas, then csv-stringify.
const viaCsvStringify = (cells: string[]) => stringify([cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c))]);

describe("orders CSV lines", () => {
  it("quote exactly like csv-stringify's defaults", () => {
    const tricky = [
      ["VIP-20261122-0123456789ABCDEF", "2026-11-22T10:00:00.000Z", "", "RENEWAL", "PAID", "TWD", "149", "0", "2024000000000001234", "wei.chen1@gmail.com", "VIP Monthly"],
      ["a,b", 'say "hi"', "line\nbreak", "carriage\rreturn", "crlf\r\nend", '"', ",", "", " spaced ", "tab\tinside", "ünïcödé 會員"],
      ['"quoted, and comma"', "trailing,", ",leading", "x\n", "\n", "\r", '""', "a;b", "a|b", "0", "-"],
    ];
    for (const cells of tricky) expect(toCsvLine(cells)).toBe(viaCsvStringify(cells));
    expect(toCsvLine(ORDERS_CSV_COLUMNS)).toBe(stringify([[...ORDERS_CSV_COLUMNS]]));
  });

  it("neutralise spreadsheet formulas before quoting, as before", () => {
    const formulas = ["=HYPERLINK(\"x\")", "+1", "-2,3", "@SUM(A1)", "\tx", "\rx", "=a\nb"];
    expect(toCsvLine(formulas)).toBe(viaCsvStringify(formulas));
    expect(toCsvLine(["=1+1", "@x"])).toBe("'=1+1,'@x\n");
  });
});
