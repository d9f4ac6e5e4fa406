// The narrow centred card that sign-in, sign-up and the password reset pages sit in, with the
// page's heading and the links below the form.
import type { ReactNode } from "react";
import { Card } from "./ui/card";

export function AuthPanel({
  title,
  intro,
  children,
  footer,
}: {
  title: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md sm:pt-4">
      <Card className="p-6 sm:p-8">
        <h1 className={intro ? "mb-2" : "mb-6"}>{title}</h1>
        {intro ? <p className="mt-0 mb-4 text-muted">{intro}</p> : null}
        {children}
      </Card>
      {footer ? <div className="mt-4 grid gap-2 text-center text-sm">{footer}</div> : null}
    </div>
  );
}
