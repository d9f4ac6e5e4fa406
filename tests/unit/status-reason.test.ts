// The reason catalogue: every code has words in both languages that use exactly its parameters,
// renders with them, and a stored row comes back in the viewer's language (or as its stored text
// when it was written before codes, or no longer fits the catalogue).
import { describe, expect, it } from "vitest";
import {
  STATUS_REASON_CODES,
  adminNote,
  statusReason,
  statusReasonParamKinds,
  type StatusReason,
  type StatusReasonCode,
} from "@/lib/billing/status-reason";
import { LOCALES } from "@/lib/i18n/locales";
import enReasons from "@/lib/i18n/messages/en/reasons.json";
import zhReasons from "@/lib/i18n/messages/zh-TW/reasons.json";
import { statusReasonText, storedReasonText } from "@/lib/i18n/status-reason-text";

type Tree = Record<string, Record<string, string>>;
const WORDING = { en: enReasons as Tree, "zh-TW": zhReasons as Tree };

const wordingOf = (language: keyof typeof WORDING, code: string) => {
  const [group = "", key = ""] = code.split(".");
  return WORDING[language][group]?.[key];
};
const placeholdersOf = (message: string) =>
  [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))].sort();

/** A sample value per parameter, distinct enough to find in the rendered text. */
function sampleReason(code: StatusReasonCode): StatusReason {
  const params: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(statusReasonParamKinds(code))) {
    if (kind === "number") params[name] = 4242;
    else if (kind === "plan") params[name] = { code: "vip-monthly", name: "sample-plan" };
    else if (kind === "orderStatus") params[name] = "PAID";
    else if (kind === "reason") params[name] = statusReason("reconcile.waiting_for_shopper");
    else params[name] = `sample-${name}`;
  }
  return { code, params } as StatusReason;
}

describe("status reason catalogue", () => {
  it("has words in every language for every code, and no words without a code", () => {
    for (const language of LOCALES) {
      for (const code of STATUS_REASON_CODES) {
        expect(wordingOf(language, code)?.trim(), `${language} ${code}`).toBeTruthy();
      }
      const keys = Object.entries(WORDING[language]).flatMap(([group, entries]) =>
        Object.keys(entries).map((key) => `${group}.${key}`),
      );
      expect(keys.sort()).toEqual([...STATUS_REASON_CODES].sort());
    }
  });

  it("uses exactly the code's parameters in each language", () => {
    for (const language of LOCALES) {
      for (const code of STATUS_REASON_CODES) {
        expect(placeholdersOf(wordingOf(language, code) ?? ""), `${language} ${code}`).toEqual(
          Object.keys(statusReasonParamKinds(code)).sort(),
        );
      }
    }
  });

  it("renders every code with its parameters in both languages", () => {
    for (const code of STATUS_REASON_CODES) {
      const reason = sampleReason(code);
      const en = statusReasonText(reason, "en");
      const zh = statusReasonText(reason, "zh-TW");
      for (const text of [en, zh]) {
        expect(text, code).not.toMatch(/[{}]/);
        for (const [name, value] of Object.entries(reason.params as Record<string, unknown>)) {
          if (typeof value === "number") expect(text, `${code} ${name}`).toContain("4242");
          if (typeof value === "string" && value.startsWith("sample-"))
            expect(text).toContain(value);
        }
      }
      // Only the verbatim-text codes (the admin's note, a provider's message) read the same.
      if (en !== zh) expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it("shows plan names and order statuses in the viewer's language", () => {
    const downgrade = statusReason("subscription.downgrade_scheduled", {
      from: { code: "vip-yearly", name: "VIP Yearly" },
      to: { code: "vip-monthly", name: "VIP Monthly" },
    });
    expect(statusReasonText(downgrade, "zh-TW")).toBe(
      "顧客預定於已付費期間結束時從「VIP 年訂閱」改為「VIP 月訂閱」",
    );
    // English plan names are the stored ones (the English catalogue leaves them to the database).
    expect(statusReasonText(downgrade, "en")).toContain("from VIP Yearly to VIP Monthly");
    const expiredButPaid = statusReason("sinopac.deadline_passed_but", { status: "PAID" });
    expect(statusReasonText(expiredButPaid, "zh-TW")).toContain("「已付款」");
    // A plan that is not in the catalogue keeps its stored name in every language.
    const gold = { code: "gold", name: "Gold" };
    const toGold = statusReason("subscription.downgrade_scheduled", { from: gold, to: gold });
    expect(statusReasonText(toGold, "zh-TW")).toContain("從「Gold」改為「Gold」");
  });

  it("renders a reason inside a reason (a progress note inside 'still open')", () => {
    const note = statusReason("reconcile.linepay_unreachable_detail", { detail: "timeout" });
    const stillOpen = statusReason("reconcile.still_open", { checks: 6, note });
    expect(statusReasonText(stillOpen, "en")).toBe(
      "Still open after 6 checks: LINE Pay could not be asked: timeout",
    );
    expect(statusReasonText(stillOpen, "zh-TW")).toBe(
      "查核 6 次後仍未結案：無法向 LINE Pay 查詢：timeout",
    );
    const row = {
      reason: "Still open after 6 checks: LINE Pay could not be asked: timeout",
      reasonCode: "reconcile.still_open",
      reasonParams: JSON.stringify(stillOpen.params),
    };
    expect(storedReasonText(row, "zh-TW")).toBe(statusReasonText(stillOpen, "zh-TW"));
    // A nested reason that does not fit the catalogue leaves the row's stored text.
    const badNested = {
      checks: 6,
      note: { code: "reconcile.linepay_unreachable_detail", params: {} },
    };
    expect(storedReasonText({ ...row, reasonParams: JSON.stringify(badNested) }, "zh-TW")).toBe(
      row.reason,
    );
  });

  it("keeps the admin's typed note verbatim inside the translated frame", () => {
    const note = "Asked by phone {0} it's 'done' #1 <b>";
    const reason = statusReason("admin.cancel_now", { note });
    expect(statusReasonText(reason, "zh-TW")).toBe(`管理員立即取消：${note}`);
    expect(statusReasonText(reason, "en")).toBe(`Cancelled now by an admin: ${note}`);
    expect(statusReasonText(adminNote(note), "zh-TW")).toBe(note);
  });

  it("keeps the English wording the rows were written with before codes", () => {
    const exhausted = statusReason("renewal.declined_exhausted", {
      code: "1110",
      attempt: 4,
      attempts: 4,
    });
    expect(statusReasonText(exhausted, "en")).toBe(
      "Renewal declined (1110) on attempt 4 of 4; retries exhausted",
    );
    expect(statusReasonText(statusReason("checkout.confirmed"), "en")).toBe(
      "LINE Pay confirmed the payment",
    );
    // Amounts are shown as stored (no grouping), as the English text always was.
    const refunded = statusReason("refund.refunded", {
      amount: 12000,
      currency: "TWD",
      why: adminNote("x"),
    });
    expect(statusReasonText(refunded, "en")).toBe("Refunded 12000 TWD (x)");
  });

  it("shows a stored row in the viewer's language, and older rows as stored", () => {
    const row = {
      reason: "Cancelled now by an admin: fraud",
      reasonCode: "admin.cancel_now",
      reasonParams: JSON.stringify({ note: "fraud" }),
    };
    expect(storedReasonText(row, "zh-TW")).toBe("管理員立即取消：fraud");
    expect(storedReasonText(row, "en")).toBe("Cancelled now by an admin: fraud");
    // Written before codes existed.
    expect(storedReasonText({ ...row, reasonCode: null, reasonParams: null }, "zh-TW")).toBe(
      row.reason,
    );
    // A code this version does not know, parameters that do not fit, or broken JSON: stored text.
    for (const broken of [
      { reasonCode: "admin.retired_code" },
      { reasonParams: JSON.stringify({ note: "fraud", extra: 1 }) },
      { reasonParams: JSON.stringify({}) },
      { reasonParams: JSON.stringify({ note: 42 }) },
      { reasonParams: "{not json" },
      { reasonParams: "null" },
    ]) {
      expect(storedReasonText({ ...row, ...broken }, "zh-TW")).toBe(row.reason);
    }
    // An unknown locale falls back to English.
    expect(storedReasonText(row, "fr")).toBe("Cancelled now by an admin: fraud");
  });

  it("refuses a missing, extra or mistyped parameter at compile time", () => {
    // Each line below fails `tsc --noEmit` (run by `npm test`) if the check ever stops working.
    // @ts-expect-error: note is missing
    statusReason("admin.cancel_now", {});
    // @ts-expect-error: unknown parameter
    statusReason("admin.cancel_now", { note: "x", extra: "y" });
    // @ts-expect-error: attempt is a number
    statusReason("renewal.declined_exhausted", { code: "1", attempt: "1", attempts: 2 });
    // @ts-expect-error: a code without parameters takes none
    statusReason("checkout.confirmed", { note: "x" });
    // @ts-expect-error: not a code of the catalogue
    statusReason("checkout.made_up");
    // @ts-expect-error: a code with parameters needs them
    statusReason("admin.cancel_now");
    expect(STATUS_REASON_CODES.length).toBeGreaterThan(60);
  });
});
