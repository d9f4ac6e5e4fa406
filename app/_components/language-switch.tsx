// The header's language switch: one button per language, named in that language (with its lang
// attribute, so screen readers pronounce it right); the current one is marked pressed.
import { getLocale, getTranslations } from "next-intl/server";
import { LOCALES, LOCALE_NAMES } from "@/lib/i18n/locales";
import { switchLocaleAction } from "./switch-locale-action";

export async function LanguageSwitch() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common.language")]);
  return (
    <form action={switchLocaleAction} className="language-switch">
      <div role="group" aria-label={t("label")}>
        {LOCALES.map((option) => (
          <button
            key={option}
            type="submit"
            name="locale"
            value={option}
            lang={option}
            aria-pressed={option === locale}
            className="secondary"
          >
            {LOCALE_NAMES[option]}
          </button>
        ))}
      </div>
    </form>
  );
}
