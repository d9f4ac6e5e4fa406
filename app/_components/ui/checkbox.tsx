import type { ComponentProps } from "react";
import { cn } from "./cn";

// A native checkbox (forms work without JavaScript) in the brand's colour, and the label that
// puts it beside its words rather than above them.
export function Checkbox({ className, ...props }: ComponentProps<"input">) {
  return (
    <input
      type="checkbox"
      className={cn(
        "size-4 shrink-0 cursor-pointer rounded border-line p-0 accent-brand disabled:cursor-default",
        className,
      )}
      {...props}
    />
  );
}

export function CheckField({ className, ...props }: ComponentProps<"label">) {
  return (
    <label
      className={cn(
        "flex items-start gap-2.5 font-normal has-disabled:text-muted [&>input]:mt-1",
        className,
      )}
      {...props}
    />
  );
}
