// /admin: the back office opens on the orders list.
import { redirect } from "next/navigation";
import { requireAdmin } from "@/lib/auth/session";

export default async function AdminHome() {
  await requireAdmin("/admin");
  redirect("/admin/orders");
}
