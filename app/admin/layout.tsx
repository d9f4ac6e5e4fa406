// Back-office frame: navigation only. Access is checked in every page, action and route handler
// (requireAdmin), never here: a layout does not re-run on every navigation.
import type { ReactNode } from "react";
import { AdminNav } from "./_components/admin-nav";
import "./admin.css";

export default function AdminLayout({ children }: { children: ReactNode }) {
  return (
    <div className="admin-shell">
      <AdminNav />
      {children}
    </div>
  );
}
