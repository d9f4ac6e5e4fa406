// The SinoPac side of one order: how it is paid (card or ATM transfer), SinoPac's references (TSNo,
// the PayTokens it handed back) and, for a transfer, the account the shopper was shown. Keys, the
// HashID and X-KeyID are never on this page; a PayToken is only a reference SinoPac's query reads.
import { getLocale, getTranslations } from "next-intl/server";
import type { ProviderTokenRecord } from "@/lib/db/collection-repository";
import type { OrderRecord } from "@/lib/db/order-repository";
import { formatDateTime } from "../../_components/format";
import { Facts } from "../../_components/admin-ui";
import { Card, CardTitle } from "../../../_components/ui/card";

const TOKEN_OUTCOMES = ["paid", "declined", "unchanged", "needs_attention", "not_ours"] as const;
type TokenOutcome = (typeof TOKEN_OUTCOMES)[number];

/** What handling the token found, as a message key; a token not handled yet says so. */
function outcomeKey(outcome: string | null): `outcome.${TokenOutcome | "unsettled" | "other"}` {
  if (outcome === null) return "outcome.unsettled";
  return (TOKEN_OUTCOMES as readonly string[]).includes(outcome)
    ? `outcome.${outcome as TokenOutcome}`
    : "outcome.other";
}

/** SinoPac's bank code, shown to payers with the virtual account. */
const SINOPAC_BANK_CODE = "807";

export async function SinoPacDetails({
  order,
  tokens,
}: {
  order: Pick<OrderRecord, "transactionId" | "providerAccount" | "payBy">;
  tokens: ProviderTokenRecord[];
}) {
  const [t, locale] = [await getTranslations("admin.order.sinopac"), await getLocale()];
  const isTransfer = order.providerAccount !== null;
  return (
    <Card aria-labelledby="sinopac-heading" data-testid="sinopac-details" className="mt-4">
      <CardTitle id="sinopac-heading">{t("heading")}</CardTitle>
      <Facts>
        <dt>{t("payType")}</dt>
        <dd data-testid="sinopac-pay-type">{t(isTransfer ? "payTypeAtm" : "payTypeCard")}</dd>
        <dt>{t("tsNo")}</dt>
        <dd data-testid="sinopac-tsno">{order.transactionId ?? "—"}</dd>
        {isTransfer ? (
          <>
            <dt>{t("bankCode")}</dt>
            <dd data-testid="sinopac-bank-code">{SINOPAC_BANK_CODE}</dd>
            <dt>{t("virtualAccount")}</dt>
            <dd data-testid="sinopac-account">{order.providerAccount}</dd>
            <dt>{t("deadline")}</dt>
            <dd data-testid="sinopac-deadline">{formatDateTime(order.payBy, locale)}</dd>
          </>
        ) : null}
      </Facts>
      <h3>{t("payTokens")}</h3>
      {tokens.length === 0 ? (
        <p className="text-muted">{t("noTokens")}</p>
      ) : (
        <ul className="m-0 list-none space-y-2 p-0" data-testid="sinopac-tokens">
          {tokens.map((token) => (
            <li key={token.token} className="rounded-control bg-subtle px-3 py-2 text-sm">
              <code className="wrap-anywhere">{token.token}</code>
              <br />
              {t(token.source === "NOTIFY" ? "sourceNotify" : "sourceReturn")} ·{" "}
              {t(outcomeKey(token.outcome))} ·{" "}
              <span className="text-muted">{formatDateTime(token.receivedAt, locale)}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
