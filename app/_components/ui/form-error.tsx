import type { ComponentProps } from "react";
import { alertVariants } from "./alert";
import { cn } from "./cn";

/** Why a form was refused, announced as it appears: a danger Alert that is one paragraph. */
export function FormError({ className, ...props }: ComponentProps<"p">) {
  return (
    <p
      role="alert"
      className={cn(alertVariants({ tone: "danger" }), "my-0", className)}
      {...props}
    />
  );
}
