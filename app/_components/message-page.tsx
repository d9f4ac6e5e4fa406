// A page that is one message: not found, forbidden, an error, a refused link, a payment problem.
// A centred card with a tone mark, the heading, the words, and the ways on.
import type { ComponentProps, ReactNode } from "react";
import { cn } from "./ui/cn";

const MARK_TONES = {
  info: "bg-info-soft text-info",
  warn: "bg-warn-soft text-warn",
  danger: "bg-danger-soft text-danger",
} as const;

export function MessagePage({
  tone = "info",
  mark = "!",
  title,
  children,
  actions,
  className,
  ...props
}: Omit<ComponentProps<"section">, "title"> & {
  tone?: keyof typeof MARK_TONES;
  /** A short sign in the circle above the heading ("404", "!"): decoration, hidden from readers. */
  mark?: string;
  title: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section
      className={cn(
        "mx-auto w-full max-w-xl rounded-card border border-line bg-surface p-6 text-center shadow-xs sm:mt-4 sm:p-10",
        className,
      )}
      {...props}
    >
      <div
        aria-hidden="true"
        className={cn(
          "mx-auto mb-4 flex size-14 items-center justify-center rounded-full text-lg font-bold",
          MARK_TONES[tone],
        )}
      >
        {mark}
      </div>
      <h1 className="mb-3">{title}</h1>
      <div className="text-muted [&>p]:my-2">{children}</div>
      {actions ? (
        <div className="mt-6 flex flex-wrap items-center justify-center gap-3">{actions}</div>
      ) : null}
    </section>
  );
}
