// /account/receipts/<order number>: a printable receipt for one paid order, the page receipt emails
// link to. Only the shopper who paid (or an admin) sees it; anyone else gets "not found", so order
// numbers cannot be probed.
import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { findReceipt } from "@/lib/db/receipt-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { paymentProviderName } from "@/lib/payments/payment-providers";
import { getAppDb } from "@/lib/server/app-db";
import { getPlanNames } from "../../../_components/plan-names";
import { Fact, Facts } from "../../../_components/ui/facts";
import { PrintButton } from "./print-button";

export default async function ReceiptPage({ params }: { params: Promise<{ orderId: string }> }) {
  const { orderId } = await params;
  const user = await requireUser(`/account/receipts/${encodeURIComponent(orderId)}`);
  if (orderId.length > 100) notFound();
  const receipt = await findReceipt(getAppDb(), orderId);
  if (!receipt || (receipt.userId !== user.id && user.role !== "ADMIN")) notFound();
  const [t, tCommon, locale, planNames] = await Promise.all([
    getTranslations("shop.receipt"),
    getTranslations("common"),
    getLocale(),
    getPlanNames(),
  ]);
  const money = (minor: number) => formatMoney(minor, receipt.currency, locale);
  const provider = paymentProviderName(receipt.provider);
  const rows: [string, string][] = [
    [t("merchant"), tCommon("brand")],
    [t("orderNumber"), receipt.orderId],
    [t("item"), planNames.name({ code: receipt.planCode, name: receipt.planName })],
    [t("kind"), t.has(`kinds.${receipt.kind}`) ? t(`kinds.${receipt.kind}`) : receipt.kind],
  ];
  if (receipt.period)
    rows.push([
      t("period"),
      t("periodRange", {
        start: formatDate(receipt.period.startsAt, locale),
        end: formatDate(receipt.period.endsAt, locale),
      }),
    ]);
  rows.push(
    [t("amount"), money(receipt.amountMinor)],
    [t("paidAt"), formatDate(receipt.paidAt, locale)],
    [t("paymentMethod"), provider],
    [t("reference", { provider }), receipt.providerReference ?? "—"],
  );
  if (receipt.refundedMinor > 0)
    rows.push([t("netAmount"), money(receipt.amountMinor - receipt.refundedMinor)]);
  return (
    <article
      className="max-w-2xl rounded-card border border-line bg-surface p-5 shadow-xs sm:p-8 print:border-0 print:p-0 print:shadow-none"
      aria-labelledby="receipt-heading"
    >
      <h1 id="receipt-heading" className="mb-6">
        {t("title")}
      </h1>
      <Facts data-testid="receipt">
        {rows.map(([label, value]) => (
          <Fact key={label} label={label}>
            {value}
          </Fact>
        ))}
      </Facts>
      {receipt.refunds.length > 0 ? (
        <>
          <h2 className="text-lg">{t("refundsHeading")}</h2>
          <ul data-testid="receipt-refunds" className="my-0">
            {receipt.refunds.map((refund, index) => (
              <li key={index}>
                {t("refundLine", {
                  amount: money(refund.amountMinor),
                  date: formatDate(refund.settledAt, locale),
                })}
                {refund.reference
                  ? ` · ${t("refundReference", { reference: refund.reference })}`
                  : ""}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p className="mt-6 mb-0 flex flex-wrap items-center gap-4 print:hidden">
        <PrintButton label={t("print")} />
        <Link href="/account">{t("back")}</Link>
      </p>
    </article>
  );
}
