import type { ComponentProps, ReactNode } from "react";
import { cn } from "./cn";

// Label and value pairs (an order's summary, a receipt, a plan change): side by side from 640 px,
// stacked on a phone, one rule between rows. A <div> may group a dt and its dd inside a <dl>.
export function Facts({ className, ...props }: ComponentProps<"dl">) {
  return <dl className={cn("my-0 divide-y divide-line", className)} {...props} />;
}

export function Fact({
  label,
  children,
  testId,
  className,
}: {
  label: ReactNode;
  children: ReactNode;
  /** data-testid on the value (the dd). */
  testId?: string;
  className?: string;
}) {
  return (
    <div
      className={cn(
        "grid gap-x-4 gap-y-0.5 py-2.5 first:pt-0 last:pb-0 sm:grid-cols-[minmax(8rem,1fr)_2fr]",
        className,
      )}
    >
      <dt className="text-sm text-muted sm:text-base">{label}</dt>
      <dd className="m-0 [overflow-wrap:anywhere]" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}
