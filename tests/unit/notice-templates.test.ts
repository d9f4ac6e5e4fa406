// Every notice template in both languages: the words the shopper reads, TWD without decimals,
// dates on the Taipei calendar, and the same link in the HTML and the plain-text part.
import { beforeAll, describe, expect, it } from "vitest";
import { NOTICE_KINDS, type NoticeKind } from "@/lib/db/notice-payloads";
import { noticeContent, noticeText } from "@/lib/notices/notice-content";
import { renderNoticeHtml } from "@/lib/notices/notice-email";

// 17:30 UTC on Nov 30 is already Dec 1 in Taipei (UTC+8).
const LATE_EVENING_UTC = "2026-11-30T17:30:00.000Z";
const RESET_TOKEN = "x".repeat(43);
const context = {
  baseUrl: "https://shop.example",
  passwordResetUrl: (resetId: string) =>
    `https://shop.example/reset-password?token=${RESET_TOKEN}${resetId}`,
};
// 15:59 UTC is 23:59 in Taipei: the bank's deadline on Dec 4.
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

const PAYLOADS: Record<NoticeKind, object> = {
  "payment-receipt": {
    orderId: "VIP-20261201-0123456789ABCDEF",
    orderKind: "ONE_TIME",
    planCode: "vip-30",
    planName: "VIP 30 days",
    amountMinor: 1200,
    currency: "TWD",
    paidAt: LATE_EVENING_UTC,
    providerReference: "2026120112345678901",
  },
  "refund-receipt": {
    orderId: "VIP-20261201-0123456789ABCDEF",
    planCode: "vip-30",
    planName: "VIP 30 days",
    amountMinor: 300,
    currency: "TWD",
    refundedAt: LATE_EVENING_UTC,
  },
  "renewal-failed": {
    planCode: "vip-monthly",
    planName: "VIP monthly",
    nextRetryAt: LATE_EVENING_UTC,
    graceUntil: "2026-12-06T17:30:00.000Z",
    endedAt: null,
  },
  "reapproval-needed": {
    planCode: "vip-monthly",
    planName: "VIP monthly",
    nextRetryAt: null,
    graceUntil: "2026-12-06T17:30:00.000Z",
    endedAt: null,
  },
  "renewal-reminder": {
    planCode: "vip-yearly",
    planName: "VIP yearly",
    amountMinor: 1490,
    currency: "TWD",
    chargeAt: LATE_EVENING_UTC,
    interval: "YEAR",
  },
  "subscription-ended": {
    planCode: "vip-yearly",
    planName: "VIP yearly",
    nextRetryAt: null,
    graceUntil: null,
    endedAt: LATE_EVENING_UTC,
  },
  "password-reset": { resetId: "reset-1", expiresAt: LATE_EVENING_UTC },
  "transfer-instructions": TRANSFER,
  "transfer-reminder": TRANSFER,
};

// What each kind must say, per language: subject words, body words, the link.
const EXPECTED: Record<NoticeKind, Record<"en" | "zh-TW", string[]>> = {
  "payment-receipt": {
    en: [
      "Your receipt from VIP Club: NT$1,200",
      "VIP 30 days",
      "Dec 1, 2026",
      "2026120112345678901",
    ],
    "zh-TW": ["VIP Club 付款收據：NT$1,200", "VIP 30 天", "2026年12月1日", "LINE Pay 交易序號"],
  },
  "refund-receipt": {
    en: ["Refund of NT$300 from VIP Club", "refunded NT$300", "Dec 1, 2026"],
    "zh-TW": ["VIP Club 已退款 NT$300", "退回您的 LINE Pay", "2026年12月1日"],
  },
  "renewal-failed": {
    en: ["We could not renew your", "try again on Dec 1, 2026", "your VIP ends on Dec 7, 2026"],
    "zh-TW": ["續訂扣款未成功", "會在 2026年12月1日 再試一次", "將在 2026年12月7日 結束"],
  },
  "reapproval-needed": {
    en: ["Please approve your", "approve it again in LINE Pay", "until Dec 7, 2026"],
    "zh-TW": ["請重新授權", "重新授權", "保留至 2026年12月7日"],
  },
  "renewal-reminder": {
    en: ["renews on Dec 1, 2026", "charge NT$1,490", "whole year", "cancel on your account page"],
    "zh-TW": ["將於 2026年12月1日 續訂", "NT$1,490", "年繳方案", "到帳戶頁面取消"],
  },
  "subscription-ended": {
    en: ["has ended", "ended on Dec 1, 2026", "subscribe again"],
    "zh-TW": ["已結束", "已於 2026年12月1日 結束", "重新訂閱"],
  },
  "password-reset": {
    en: [
      "Choose a new password for VIP Club",
      "works once, until Dec 1, 2026, 1:30 AM",
      "ignore",
      "a new password was asked for your account",
    ],
    "zh-TW": [
      "設定您在VIP Club的新密碼",
      "只能使用一次，有效至 2026年12月1日 凌晨1:30",
      "忽略",
      "要求設定新密碼",
    ],
  },
  "transfer-instructions": {
    en: [
      "Transfer NT$1,200 by Dec 4, 2026, 11:59 PM to pay for VIP 30 days",
      "Bank SinoPac (bank code 807)",
      "Account number: 9925 1234 5678 9012",
      "Transfer by: Dec 4, 2026, 11:59 PM",
      "Taipei time",
    ],
    "zh-TW": [
      "請於 2026年12月4日 晚上11:59 前轉帳 NT$1,200",
      "永豐銀行（銀行代碼 807）",
      "帳號: 9925 1234 5678 9012",
      "轉帳期限: 2026年12月4日 晚上11:59",
      "台北時間",
    ],
  },
  "transfer-reminder": {
    en: ["Reminder: transfer NT$1,200 by Dec 4, 2026, 11:59 PM", "not received", "closes on"],
    "zh-TW": ["提醒：請於 2026年12月4日 晚上11:59 前轉帳 NT$1,200", "尚未收到", "將於"],
  },
};

const LINKS: Record<NoticeKind, string> = {
  "payment-receipt": "https://shop.example/account/receipts/VIP-20261201-0123456789ABCDEF",
  "refund-receipt": "https://shop.example/account/receipts/VIP-20261201-0123456789ABCDEF",
  "renewal-failed": "https://shop.example/account",
  "reapproval-needed": "https://shop.example/account",
  "subscription-ended": "https://shop.example/",
  "renewal-reminder": "https://shop.example/account",
  "password-reset": `https://shop.example/reset-password?token=${RESET_TOKEN}reset-1`,
  "transfer-instructions": "https://shop.example/orders/VIP-20261201-0123456789ABCDEF",
  "transfer-reminder": "https://shop.example/orders/VIP-20261201-0123456789ABCDEF",
};

describe.each(NOTICE_KINDS.flatMap((kind) => (["en", "zh-TW"] as const).map((l) => [kind, l])))(
  "%s in %s",
  (kind, locale) => {
    const notice = { kind, locale, payload: JSON.stringify(PAYLOADS[kind as NoticeKind]) };
    const content = noticeContent(notice, context);
    let html = "";
    beforeAll(async () => {
      html = await renderNoticeHtml(content);
    });
    const text = noticeText(content);
    const everything = `${content.subject}\n${text}`;

    it("says what happened in the shopper's words", () => {
      for (const words of EXPECTED[kind as NoticeKind][locale as "en" | "zh-TW"])
        expect(everything).toContain(words);
      expect(html).toContain(`lang="${locale}"`);
    });

    it("links to the right page in both parts", () => {
      const link = LINKS[kind as NoticeKind];
      expect(text).toContain(link);
      expect(html).toContain(`href="${link}"`);
    });

    it("never shows decimals on TWD, codes or the other language", () => {
      expect(everything).not.toMatch(/NT\$[\d,]+\.\d/);
      expect(everything).not.toMatch(/PAST_DUE|NEEDS_REBIND|EXPIRED|ONE_TIME|undefined|null/);
      if (locale === "en") expect(everything).not.toMatch(/[\u4e00-\u9fff]/);
      else expect(content.paragraphs.join("")).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toMatch(/<[a-z]/i);
    });
  },
);

it("does not call a password reset email a payment notice", () => {
  for (const locale of ["en", "zh-TW"]) {
    const content = noticeContent(
      { kind: "password-reset", locale, payload: JSON.stringify(PAYLOADS["password-reset"]) },
      context,
    );
    expect(content.footer).not.toMatch(/Payment notices|付款相關通知/);
  }
});

it("says where a refund goes back to, never LINE Pay for a card or a bank transfer", () => {
  const intro = (refundTo: string | undefined, locale: string) =>
    noticeContent(
      {
        kind: "refund-receipt",
        locale,
        payload: JSON.stringify({ ...PAYLOADS["refund-receipt"], refundTo }),
      },
      context,
    ).paragraphs.join(" ");
  expect(intro(undefined, "en")).toContain("to your LINE Pay");
  expect(intro("linepay", "zh-TW")).toContain("退回您的 LINE Pay");
  expect(intro("card", "en")).toContain("to the card you paid with");
  expect(intro("card", "zh-TW")).toContain("退回您付款的信用卡");
  expect(intro("bank", "en")).toContain("by bank transfer");
  expect(intro("bank", "zh-TW")).toContain("以銀行轉帳退還給您");
  for (const refundTo of ["card", "bank"])
    for (const locale of ["en", "zh-TW"]) {
      expect(intro(refundTo, locale)).not.toMatch(/LINE Pay|SinoPac|永豐/);
    }
});

it("escapes what it prints into the HTML", async () => {
  const payload = { ...PAYLOADS["payment-receipt"], planCode: "custom", planName: "<b>VIP</b>" };
  const html = await renderNoticeHtml(
    noticeContent(
      { kind: "payment-receipt", locale: "en", payload: JSON.stringify(payload) },
      context,
    ),
  );
  expect(html).toContain("&lt;b&gt;VIP&lt;/b&gt;");
  expect(html).not.toContain("<b>VIP</b>");
});
