import { describe, expect, it } from "vitest";
import { ORDERS_CSV_COLUMNS, toCsvLines } from "@/lib/admin/orders-csv";

describe("orders CSV lines", () => {
  it("quote cells with commas, quotes and line breaks, and leave plain cells bare", () => {
    expect(toCsvLines([ORDERS_CSV_COLUMNS])).toBe(`${ORDERS_CSV_COLUMNS.join(",")}\n`);
    expect(toCsvLines([["a,b", 'say "hi"', "line\nbreak", "plain", "會員"]])).toBe(
      '"a,b","say ""hi""","line\nbreak",plain,會員\n',
    );
  });

  it("neutralise spreadsheet formulas before quoting", () => {
    expect(toCsvLines([["=1+1", "@x", "+1", "-2,3", "ok"]])).toBe("'=1+1,'@x,'+1,\"'-2,3\",ok\n");
  });
});
