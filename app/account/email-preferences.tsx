// The account page's "Emails" card: what is always sent, and the one choice (renewal reminders).
import { getTranslations } from "next-intl/server";
import { saveEmailPreferencesAction } from "./email-preferences-action";

export async function EmailPreferences({ remindersByEmail }: { remindersByEmail: boolean }) {
  const t = await getTranslations("shop.account.emails");
  return (
    <section className="card" aria-labelledby="emails-heading">
      <h2 id="emails-heading">{t("heading")}</h2>
      <p className="muted">{t("always")}</p>
      <form action={saveEmailPreferencesAction} className="stack">
        <label>
          <input
            type="checkbox"
            name="remindersByEmail"
            defaultChecked={remindersByEmail}
            data-testid="reminders-by-email"
          />{" "}
          {t("reminders")}
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
