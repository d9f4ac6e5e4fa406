import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";

describe("formatDate", () => {
  // 2026-01-31T16:30Z is already Feb 1 in Taipei (UTC+8): the shopper's calendar wins.
  const taipeiNewDay = new Date("2026-01-31T16:30:00Z");

  it("shows the calendar day in Asia/Taipei, per language", () => {
    expect(formatDate(taipeiNewDay, "en")).toBe("Feb 1, 2026");
    expect(formatDate(taipeiNewDay, "zh-TW")).toBe("2026年2月1日");
  });

  it("shows a dash when there is no date", () => {
    expect(formatDate(null, "en")).toBe("—");
  });

  it("shows the time in Asia/Taipei", () => {
    expect(formatDateTime(taipeiNewDay, "en")).toBe("Feb 1, 2026, 12:30 AM");
    expect(formatDateTime(taipeiNewDay, "zh-TW")).toContain("2026年2月1日");
    expect(formatDateTime(taipeiNewDay, "zh-TW")).toContain("12:30");
  });
});
