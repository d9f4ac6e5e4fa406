import { cva, type VariantProps } from "class-variance-authority";
import type { ComponentProps } from "react";
import { cn } from "./cn";

// A message box inside a page: an outcome, a warning, a refusal with its reason.
export const alertVariants = cva("my-4 rounded-control border px-4 py-3", {
  variants: {
    tone: {
      info: "border-info-line bg-info-soft",
      success: "border-success-line bg-success-soft",
      warn: "border-warn-line bg-warn-soft",
      danger: "border-danger-line bg-danger-soft",
    },
  },
  defaultVariants: { tone: "info" },
});

export type AlertProps = ComponentProps<"div"> & VariantProps<typeof alertVariants>;

export function Alert({ className, tone, ...props }: AlertProps) {
  return <div className={cn(alertVariants({ tone }), className)} {...props} />;
}
