// The back office's page parts on the design system: a page header, definition lists of facts,
// stat cards, a filter grid, a pager and a timeline. Server-safe (no hooks).
import type { ComponentProps, ReactNode } from "react";
import { cn } from "../../_components/ui/cn";

export function PageHeader({
  title,
  description,
  back,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  /** A link back to the list, above the title. */
  back?: ReactNode;
  /** Actions or controls beside the title. */
  children?: ReactNode;
}) {
  return (
    <div className="mb-5">
      {back ? <p className="mt-0 mb-2 text-sm">{back}</p> : null}
      <div className="flex flex-wrap items-center justify-between gap-x-6 gap-y-3">
        <h1 className="m-0 flex flex-wrap items-center gap-x-3 gap-y-1">{title}</h1>
        {children}
      </div>
      {description ? <p className="mt-2 mb-0 max-w-3xl text-muted">{description}</p> : null}
    </div>
  );
}

/** Label and value side by side from a small tablet up, stacked on a phone. */
export function Facts({ className, ...props }: ComponentProps<"dl">) {
  return (
    <dl
      className={cn(
        "m-0 grid grid-cols-[minmax(0,1fr)] gap-x-6 sm:grid-cols-[max-content_minmax(0,1fr)]",
        "[&>dt]:pt-2 [&>dt]:text-sm [&>dt]:text-muted sm:[&>dt]:py-2",
        "[&>dd]:m-0 [&>dd]:border-b [&>dd]:border-line [&>dd]:pb-2 [&>dd]:wrap-anywhere sm:[&>dd]:py-2",
        "sm:[&>dt]:border-b sm:[&>dt]:border-line [&>dd:last-of-type]:border-b-0 sm:[&>dt:last-of-type]:border-b-0",
        className,
      )}
      {...props}
    />
  );
}

/** Headline figures, each a card; children are StatCards. */
export function StatCards({ className, ...props }: ComponentProps<"dl">) {
  return (
    <dl
      className={cn("my-4 grid grid-cols-2 gap-3 md:grid-cols-4 [&>div]:min-w-0", className)}
      {...props}
    />
  );
}

export function StatCard({
  label,
  children,
  tone = "neutral",
  testId,
}: {
  label: ReactNode;
  children: ReactNode;
  tone?: "neutral" | "success" | "danger" | "brand";
  testId?: string;
}) {
  return (
    <div
      className={cn(
        "rounded-card border border-line bg-surface p-4 shadow-xs",
        tone === "success" && "border-t-4 border-t-success",
        tone === "danger" && "border-t-4 border-t-danger",
        tone === "brand" && "border-t-4 border-t-brand",
      )}
    >
      <dt className="text-sm text-muted">{label}</dt>
      <dd
        className="m-0 mt-1 text-xl font-bold tabular-nums wrap-anywhere sm:text-2xl"
        data-testid={testId}
      >
        {children}
      </dd>
    </div>
  );
}

/** A GET filter form: its fields in a grid that fills the width (two columns on a phone, the
 *  search box across both), the buttons at the end. */
export const filterGridClass =
  "my-4 grid grid-cols-2 items-end gap-3 rounded-card border border-line bg-surface p-4 shadow-xs md:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-6 [&_label]:text-sm max-md:[&>label:has(input[type=search])]:col-span-2";

/** The apply and reset buttons of a filter form, in the grid's next cell. */
export function FilterActions({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-center gap-2">{children}</div>;
}

export function Pager({ className, ...props }: ComponentProps<"nav">) {
  return (
    <nav
      className={cn("my-4 flex flex-wrap items-center justify-between gap-3 text-sm", className)}
      {...props}
    />
  );
}

/** A vertical timeline; items with a tone get a coloured rule. */
export function Timeline({ className, ...props }: ComponentProps<"ol">) {
  return <ol className={cn("m-0 list-none space-y-1 p-0", className)} {...props} />;
}

export function timelineItemClass(tone?: "success" | "danger" | "warn"): string {
  return cn(
    "border-l-4 border-line py-1.5 pl-3 wrap-anywhere",
    tone === "success" && "border-success",
    tone === "danger" && "border-danger",
    tone === "warn" && "border-warn",
  );
}

/** A section heading with room above, for the parts of a detail page. */
export function SectionHeading({ className, ...props }: ComponentProps<"h2">) {
  return <h2 className={cn("mt-8 mb-3", className)} {...props} />;
}
