"use client";
import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";
import { Button } from "./ui/button";

export function SignOutButton() {
  const t = useTranslations("common.nav");
  return (
    <Button
      type="button"
      variant="secondary"
      size="sm"
      onClick={() => signOut({ callbackUrl: "/" })}
    >
      {t("signOut")}
    </Button>
  );
}
