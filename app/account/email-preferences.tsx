// The account page's "Notices" card: where notices go (email, and LINE messages for shoppers
// signed in with LINE; at least one), what is always sent, and renewal reminders on or off.
import { getTranslations } from "next-intl/server";
import type { NoticePreferences } from "@/lib/db/notice-preferences-repository";
import { FormError } from "../_components/ui/form-error";
import { Button } from "../_components/ui/button";
import { Card, CardDescription, CardTitle } from "../_components/ui/card";
import { CheckField, Checkbox } from "../_components/ui/checkbox";
import { saveEmailPreferencesAction } from "./email-preferences-action";

export async function EmailPreferences({
  preferences: p,
  needsChannel,
}: {
  preferences: NoticePreferences;
  needsChannel: boolean;
}) {
  const t = await getTranslations("shop.account.emails");
  return (
    <Card aria-labelledby="notices-heading">
      <CardTitle id="notices-heading">{t("heading")}</CardTitle>
      <CardDescription>{p.hasLine ? t("alwaysOneChannel") : t("always")}</CardDescription>
      <form action={saveEmailPreferencesAction} className="mt-4 grid max-w-xl gap-4">
        {p.hasLine ? (
          <fieldset className="m-0 grid gap-2 rounded-control border border-line px-4 pt-1 pb-3">
            <legend className="px-1 font-semibold">{t("channels")}</legend>
            <CheckField>
              <Checkbox
                name="noticesByEmail"
                defaultChecked={p.noticesByEmail && p.hasReachableEmail}
                disabled={!p.hasReachableEmail}
                data-testid="notices-by-email"
              />{" "}
              {p.hasReachableEmail ? t("byEmail") : t("noEmailFromLine")}
            </CheckField>
            <CheckField>
              <Checkbox
                name="noticesByLine"
                defaultChecked={p.noticesByLine}
                data-testid="notices-by-line"
              />{" "}
              {t("byLine")}
            </CheckField>
          </fieldset>
        ) : null}
        {needsChannel ? (
          <FormError data-testid="notices-needs-channel">{t("needsChannel")}</FormError>
        ) : null}
        <CheckField>
          <Checkbox
            name="remindersByEmail"
            defaultChecked={p.remindersWanted}
            data-testid="reminders-by-email"
          />{" "}
          {p.hasLine ? t("remindersAnyChannel") : t("reminders")}
        </CheckField>
        <div>
          <Button type="submit" variant="outline">
            {t("save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
