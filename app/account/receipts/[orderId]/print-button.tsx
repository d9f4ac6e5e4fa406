"use client";
// Opens the browser's print dialog for the receipt (hidden on paper).
import { Button } from "../../../_components/ui/button";

export function PrintButton({ label }: { label: string }) {
  return (
    <Button type="button" variant="outline" className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
