// Phones land here after "Buy with LINE Pay": the page tries LINE Pay's app link and, when no app
// takes over, continues to LINE Pay's web page; both are also plain buttons.
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { findOrderForUser } from "@/lib/db/order-repository";
import { getAppDb } from "@/lib/server/app-db";
import { Alert } from "../../_components/ui/alert";
import { Button } from "../../_components/ui/button";
import { OpenLinePay } from "./open-line-pay";

export default async function CheckoutOpenPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { orderId } = await searchParams;
  if (typeof orderId !== "string" || orderId.length > 100) notFound();
  const user = await requireUser(`/checkout/open?orderId=${encodeURIComponent(orderId)}`);
  const order = await findOrderForUser(getAppDb(), orderId, user.id);
  if (!order) notFound();
  if (order.status !== "PENDING" || !order.paymentUrl)
    redirect(`/orders/${encodeURIComponent(order.orderId)}`);
  const t = await getTranslations("shop.openLinePay");
  // Only LINE's own scheme: the stored link came from LINE Pay, and nothing else is followed.
  const appUrl = order.paymentUrlApp?.startsWith("line://") ? order.paymentUrlApp : null;
  return (
    <section aria-labelledby="open-line-pay-title" className="max-w-xl">
      <Alert role="status" className="my-0 px-5 py-4">
        <h1 id="open-line-pay-title" className="mb-1 text-xl sm:text-2xl">
          {t("title")}
        </h1>
        <p className="my-0">{t(appUrl ? "message" : "messageWebOnly")}</p>
        <p className="mt-2 mb-0 text-sm text-muted">{t("nothingCharged")}</p>
      </Alert>
      <div className="mt-4 grid gap-2 sm:flex sm:flex-wrap">
        {appUrl ? (
          <Button asChild>
            <a href={appUrl} data-testid="open-line-app">
              {t("openApp")}
            </a>
          </Button>
        ) : null}
        <Button asChild variant="outline">
          <a href={order.paymentUrl} data-testid="open-line-pay-web">
            {t("openWeb")}
          </a>
        </Button>
      </div>
      <OpenLinePay appUrl={appUrl} webUrl={order.paymentUrl} />
    </section>
  );
}
