// Every LINE notice in both languages: plain text in the shopper's words, TWD without decimals,
// Taipei dates, the one link written out; which channels a notice goes on; the retry key; and which
// LINE email counts as verified for linking accounts.
import { describe, expect, it } from "vitest";
import { lineIdentityFromClaims } from "@/lib/auth/line-sign-in";
import { chosenChannels, LINE_NOTICE_KINDS, noticeChannels } from "@/lib/db/notice-channels";
import { noticeRetryKey } from "@/lib/db/notice-outbox";
import { noticeContent } from "@/lib/notices/notice-content";
import { noticeLineText } from "@/lib/notices/notice-line-text";

// 17:30 UTC on Nov 30 is already Dec 1 in Taipei.
const LATE = "2026-11-30T17:30:00.000Z";
const sub = { planCode: "vip-monthly", planName: "VIP monthly", endedAt: null };
const TRANSFER = {
  orderId: "VIP-20261201-0123456789ABCDEF",
  planCode: "vip-30",
  planName: "VIP 30 days",
  amountMinor: 1200,
  currency: "TWD",
  bankCode: "807",
  virtualAccount: "9925123456789012",
  payBy: "2026-12-04T15:59:00.000Z",
};
const PAYLOADS: Record<string, object> = {
  "payment-receipt": {
    orderId: "VIP-20261201-0123456789ABCDEF",
    orderKind: "ONE_TIME",
    planCode: "vip-30",
    planName: "VIP 30 days",
    amountMinor: 1200,
    currency: "TWD",
    paidAt: LATE,
    providerReference: "2026120112345678901",
  },
  "refund-receipt": {
    orderId: "VIP-20261201-0123456789ABCDEF",
    planCode: "vip-30",
    planName: "VIP 30 days",
    amountMinor: 300,
    currency: "TWD",
    refundedAt: LATE,
  },
  "renewal-failed": { ...sub, nextRetryAt: LATE, graceUntil: "2026-12-06T17:30:00.000Z" },
  "reapproval-needed": { ...sub, nextRetryAt: null, graceUntil: "2026-12-06T17:30:00.000Z" },
  "subscription-ended": { ...sub, nextRetryAt: null, graceUntil: null, endedAt: LATE },
  "renewal-reminder": {
    planCode: "vip-yearly",
    planName: "VIP yearly",
    amountMinor: 1490,
    currency: "TWD",
    chargeAt: LATE,
    interval: "YEAR",
  },
  "transfer-instructions": TRANSFER,
  "transfer-reminder": TRANSFER,
};
const EXPECTED: Record<string, Record<"en" | "zh-TW", string[]>> = {
  "payment-receipt": {
    en: ["Your receipt from VIP Club: NT$1,200", "Dec 1, 2026", "/account/receipts/VIP-20261201-"],
    "zh-TW": ["VIP Club 付款收據：NT$1,200", "2026年12月1日", "查看或列印收據"],
  },
  "refund-receipt": {
    en: ["Refund of NT$300 from VIP Club", "Dec 1, 2026"],
    "zh-TW": ["VIP Club 已退款 NT$300", "2026年12月1日"],
  },
  "renewal-failed": {
    en: [
      "try again on Dec 1, 2026",
      "your VIP ends on Dec 7, 2026",
      "https://shop.example/account",
    ],
    "zh-TW": ["會在 2026年12月1日 再試一次", "將在 2026年12月7日 結束"],
  },
  "reapproval-needed": {
    en: ["approve it again in LINE Pay", "until Dec 7, 2026"],
    "zh-TW": ["重新授權", "保留至 2026年12月7日"],
  },
  "subscription-ended": {
    en: ["ended on Dec 1, 2026", "https://shop.example/"],
    "zh-TW": ["已於 2026年12月1日 結束"],
  },
  "renewal-reminder": {
    en: ["renews on Dec 1, 2026", "charge NT$1,490", "whole year"],
    "zh-TW": ["將於 2026年12月1日 續訂", "NT$1,490"],
  },
  "transfer-instructions": {
    en: ["NT$1,200", "807", "9925 1234 5678 9012", "Dec 4, 2026, 11:59 PM"],
    "zh-TW": ["NT$1,200", "807", "9925 1234 5678 9012", "2026年12月4日 晚上11:59"],
  },
  "transfer-reminder": {
    en: ["NT$1,200", "9925 1234 5678 9012", "Dec 4, 2026, 11:59 PM"],
    "zh-TW": ["NT$1,200", "9925 1234 5678 9012", "2026年12月4日 晚上11:59"],
  },
};

describe.each(
  LINE_NOTICE_KINDS.flatMap((kind) => (["en", "zh-TW"] as const).map((l) => [kind, l])),
)("LINE text of %s in %s", (kind, locale) => {
  const content = noticeContent(
    { kind, locale, payload: JSON.stringify(PAYLOADS[kind]) },
    { baseUrl: "https://shop.example" },
  );
  const text = noticeLineText(content);

  it("says what happened in the shopper's words, with the link written out", () => {
    for (const words of EXPECTED[kind]![locale as "en" | "zh-TW"]) expect(text).toContain(words);
    expect(text.startsWith(content.subject)).toBe(true);
    expect(text).toContain(`${content.action.label}: ${content.action.href}`);
    expect(text).toContain(locale === "en" ? "LINE messages are on" : "開啟了 LINE 訊息通知");
  });

  it("is plain text within LINE's limit, without decimals on TWD, codes or the other language", () => {
    expect(text).not.toMatch(/<[a-z]/i);
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text).not.toMatch(/NT\$[\d,]+\.\d/);
    expect(text).not.toMatch(/PAST_DUE|NEEDS_REBIND|ONE_TIME|undefined|null|\{/);
    if (locale === "en") expect(text).not.toMatch(/[\u4e00-\u9fff]/);
    else expect(content.paragraphs.join("")).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe("notice channels", () => {
  const shopper = {
    email: "a@example.com",
    lineUserId: null,
    noticesByEmail: true,
    noticesByLine: false,
  };
  const lineShopper = { ...shopper, lineUserId: `U${"b".repeat(32)}` };
  const lineOnly = { ...lineShopper, email: `line-U1@users.line.invalid`, noticesByEmail: false };

  it("follows the LINE shopper's choice, and always keeps one channel that can reach them", () => {
    expect(noticeChannels("payment-receipt", shopper)).toEqual(["EMAIL"]);
    expect(noticeChannels("payment-receipt", { ...shopper, noticesByLine: true })).toEqual([
      "EMAIL",
    ]);
    expect(noticeChannels("payment-receipt", { ...lineShopper, noticesByLine: true })).toEqual([
      "EMAIL",
      "LINE",
    ]);
    expect(
      noticeChannels("renewal-failed", {
        ...lineShopper,
        noticesByEmail: false,
        noticesByLine: true,
      }),
    ).toEqual(["LINE"]);
    // Nothing chosen: the channel that can reach them.
    expect(noticeChannels("renewal-failed", { ...lineShopper, noticesByEmail: false })).toEqual([
      "EMAIL",
    ]);
    expect(noticeChannels("renewal-failed", lineOnly)).toEqual(["LINE"]);
    expect(noticeChannels("renewal-failed", { ...lineOnly, noticesByEmail: true })).toEqual([
      "LINE",
    ]);
  });

  it("sends kinds without a LINE wording (a password reset) by email only", () => {
    expect(
      noticeChannels("password-reset", {
        ...lineShopper,
        noticesByLine: true,
        noticesByEmail: false,
      }),
    ).toEqual(["EMAIL"]);
  });

  it("refuses a choice that leaves no channel, and gives LINE only to LINE accounts", () => {
    expect(chosenChannels(lineShopper, { byEmail: false, byLine: false })).toBeUndefined();
    expect(chosenChannels(lineOnly, { byEmail: true, byLine: false })).toBeUndefined();
    expect(chosenChannels(lineShopper, { byEmail: false, byLine: true })).toEqual({
      noticesByEmail: false,
      noticesByLine: true,
    });
    expect(chosenChannels(shopper, { byEmail: false, byLine: true })).toEqual({
      noticesByEmail: true,
      noticesByLine: false,
    });
  });

  it("derives one UUID retry key per notice, the same on every push", () => {
    const key = noticeRetryKey("payment-receipt:order-1:line");
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(noticeRetryKey("payment-receipt:order-1:line")).toBe(key);
    expect(noticeRetryKey("payment-receipt:order-2:line")).not.toBe(key);
  });
});

describe("LINE identity from the ID token", () => {
  const sub = `U${"c".repeat(32)}`;
  it("takes LINE's email as verified unless LINE says otherwise", () => {
    expect(lineIdentityFromClaims({ sub, name: "Mei", email: " Mei@Example.com " })).toEqual({
      lineUserId: sub,
      name: "Mei",
      verifiedEmail: "mei@example.com",
    });
    expect(lineIdentityFromClaims({ sub, email: "m@example.com", email_verified: false })).toEqual({
      lineUserId: sub,
      name: null,
      verifiedEmail: null,
    });
    expect(lineIdentityFromClaims({ sub })?.verifiedEmail).toBeNull();
    expect(lineIdentityFromClaims({ sub: "not-a-line-id" })).toBeUndefined();
    expect(lineIdentityFromClaims({ sub, email: "not an email" })).toBeUndefined();
  });
});
