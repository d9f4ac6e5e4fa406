// "Try again with LINE Pay": starts a fresh checkout for the same plan after a payment that did not go through.
import { getTranslations } from "next-intl/server";
import { Button } from "./ui/button";

export async function RetryCheckoutButton({ planCode }: { planCode: string }) {
  const t = await getTranslations("shop.orderOutcome");
  return (
    <form method="post" action="/api/linepay/checkout">
      <input type="hidden" name="planCode" value={planCode} />
      <Button type="submit">{t("tryAgain")}</Button>
    </form>
  );
}
