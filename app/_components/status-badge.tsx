// A status as a badge: words from the caller, tone from status-tone.ts. The code stays in
// data-status (tests, styling), and the "status" class is the hook older tests select by.
import type { ReactNode } from "react";
import { statusTone, type StatusKind } from "./status-tone";
import { Badge } from "./ui/badge";
import { cn } from "./ui/cn";

export function StatusBadge({
  kind,
  status,
  tone,
  testId,
  className,
  children,
}: {
  kind: StatusKind;
  status: string;
  /** Overrides the mapped tone (a cancelled subscription still running reads as a warning). */
  tone?: ReturnType<typeof statusTone>;
  testId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <Badge
      tone={tone ?? statusTone(kind, status)}
      className={cn("status", className)}
      data-status={status}
      data-testid={testId}
    >
      {children}
    </Badge>
  );
}
