// A horizontally scrollable table container that keyboard users can focus and scroll (axe rule
// scrollable-region-focusable), named for screen readers.
import type { ReactNode } from "react";

export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
