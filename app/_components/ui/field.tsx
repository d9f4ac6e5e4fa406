import type { ComponentProps } from "react";
import { cn } from "./cn";

// Form controls: native elements (forms work without JavaScript), one look. Normal weight: the
// label around a control is bold, and controls inherit the font.
const control =
  "w-full rounded-control border border-line bg-surface px-3 py-2 text-base font-normal text-ink placeholder:text-muted focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-focus aria-invalid:border-danger disabled:opacity-70";

export function Input({ className, ...props }: ComponentProps<"input">) {
  return <input className={cn(control, className)} {...props} />;
}

export function Select({ className, ...props }: ComponentProps<"select">) {
  return <select className={cn(control, "pr-8", className)} {...props} />;
}

export function Textarea({ className, ...props }: ComponentProps<"textarea">) {
  return <textarea className={cn(control, "min-h-20", className)} {...props} />;
}

/** A label above its control; the words stay bold, the control takes the full width. */
export function Field({ className, ...props }: ComponentProps<"label">) {
  return (
    <label
      className={cn("grid grid-cols-[minmax(0,1fr)] gap-1 font-semibold", className)}
      {...props}
    />
  );
}

export function FieldHint({ className, ...props }: ComponentProps<"span">) {
  return <span className={cn("text-sm font-normal text-muted", className)} {...props} />;
}
