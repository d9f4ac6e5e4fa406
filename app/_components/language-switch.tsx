// The header's language switch: one button per language, named in that language (with its lang
// attribute, so screen readers pronounce it right); the current one is marked pressed.
import { getLocale, getTranslations } from "next-intl/server";
import { LOCALES, LOCALE_NAMES } from "@/lib/i18n/locales";
import { switchLocaleAction } from "./switch-locale-action";
import { Button } from "./ui/button";

export async function LanguageSwitch() {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("common.language")]);
  return (
    <form action={switchLocaleAction}>
      <div role="group" aria-label={t("label")} className="flex gap-1">
        {LOCALES.map((option) => (
          <Button
            key={option}
            type="submit"
            name="locale"
            value={option}
            lang={option}
            aria-pressed={option === locale}
            variant="secondary"
            size="sm"
            className="aria-pressed:bg-ink aria-pressed:text-white"
          >
            {LOCALE_NAMES[option]}
          </Button>
        ))}
      </div>
    </form>
  );
}
