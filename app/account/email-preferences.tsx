// The account page's "Notices" card: where notices go (email, and LINE messages for shoppers
// signed in with LINE; at least one), what is always sent, and renewal reminders on or off.
import { getTranslations } from "next-intl/server";
import type { NoticePreferences } from "@/lib/db/notice-preferences-repository";
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
    <section className="card" aria-labelledby="notices-heading">
      <h2 id="notices-heading">{t("heading")}</h2>
      <p className="muted">{p.hasLine ? t("alwaysOneChannel") : t("always")}</p>
      <form action={saveEmailPreferencesAction} className="stack">
        {p.hasLine ? (
          <fieldset className="choices">
            <legend>{t("channels")}</legend>
            <label className="check">
              <input
                type="checkbox"
                name="noticesByEmail"
                defaultChecked={p.noticesByEmail && p.hasReachableEmail}
                disabled={!p.hasReachableEmail}
                data-testid="notices-by-email"
              />{" "}
              {p.hasReachableEmail ? t("byEmail") : t("noEmailFromLine")}
            </label>
            <label className="check">
              <input
                type="checkbox"
                name="noticesByLine"
                defaultChecked={p.noticesByLine}
                data-testid="notices-by-line"
              />{" "}
              {t("byLine")}
            </label>
          </fieldset>
        ) : null}
        {needsChannel ? (
          <p className="error" role="alert" data-testid="notices-needs-channel">
            {t("needsChannel")}
          </p>
        ) : null}
        <label className="check">
          <input
            type="checkbox"
            name="remindersByEmail"
            defaultChecked={p.remindersWanted}
            data-testid="reminders-by-email"
          />{" "}
          {p.hasLine ? t("remindersAnyChannel") : t("reminders")}
        </label>
        <div>
          <button type="submit" className="secondary">
            {t("save")}
          </button>
        </div>
      </form>
    </section>
  );
}
