"use server";
// Money actions on one order. Each checks the admin itself (an action is a public POST endpoint),
// validates its input, calls one lib/ use case and revalidates the page so the result shows at once.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { captureAuthorization, voidAuthorization } from "@/lib/admin/capture-or-void";
import { isManualRefundProvider, recordManualRefund } from "@/lib/admin/refund-order";
import { verifyOrderRefunds } from "@/lib/admin/verify-refunds";
import { parseAmountToMinor } from "@/lib/billing/money";
import { verifyOrderPayment } from "@/lib/checkout/verify-order-payment";
import { findOrderByMerchantOrderId, findOrderView } from "@/lib/db/order-repository";
import { getAppDeps } from "@/lib/server/app-deps";
import type { ProviderPaymentRecord } from "@/lib/payments/payment-gateway";

/** What the admin typed: given back with every answer that does not refund, so nothing is retyped. */
export interface RefundFields {
  amount: string;
  reason: string;
  /** SinoPac: the admin ticked "I refunded this in SinoPac's merchant portal", and its reference. */
  refundedInPortal: boolean;
  portalReference: string;
}

// Results carry a message key (translated by the form) and, where LINE Pay said something, its words.
export type RefundFormState =
  | { kind: "idle"; fields?: RefundFields }
  | {
      kind: "invalid";
      key: "invalidForm" | "noSuchOrder" | "badAmount" | "portalNotConfirmed";
      detail?: string;
      currency?: string;
      fields: RefundFields;
    }
  | {
      kind: "refused";
      key: "NOT_PAID" | "NOTHING_LEFT" | "INVALID_AMOUNT" | "OVER_REFUND" | "PROVIDER_MANUAL";
      refundableMinor?: number;
      currency: string;
      fields: RefundFields;
    }
  // Step one passed: the form now asks the admin to confirm this amount (same idempotency key).
  | { kind: "confirm"; fields: RefundFields; amountMinor: number; idempotencyKey: string }
  | { kind: "succeeded" }
  | { kind: "recorded" }
  | { kind: "failed"; detail: string; fields: RefundFields }
  | { kind: "unknown"; detail: string }
  | { kind: "replayed"; status: string };

const refundFormSchema = z.object({
  orderId: z.string().min(1).max(100),
  amount: z.string().trim().min(1).max(20),
  reason: z.string().trim().min(3).max(500),
  portalReference: z.string().trim().max(100).optional(),
  idempotencyKey: z.uuid(),
  // review (the first press) shows the amount for confirmation; confirm refunds; edit goes back.
  step: z.enum(["review", "confirm", "edit"]).default("review"),
});

const textOf = (form: FormData, name: string, max: number) => {
  const value = form.get(name);
  return typeof value === "string" ? value.slice(0, max) : "";
};
const fieldsOf = (form: FormData): RefundFields => ({
  amount: textOf(form, "amount", 20),
  reason: textOf(form, "reason", 500),
  refundedInPortal: form.get("refundedInPortal") === "yes",
  portalReference: textOf(form, "portalReference", 100),
});

const orderPath = (orderId: string) => `/admin/orders/${encodeURIComponent(orderId)}`;
const actorOf = (admin: { id: string; email: string }) => ({
  actor: `admin:${admin.id}`,
  actorLabel: admin.email,
});

export async function refundAction(
  _previous: RefundFormState,
  form: FormData,
): Promise<RefundFormState> {
  const parsed = refundFormSchema.safeParse(Object.fromEntries(form));
  const admin = await requireAdmin(
    parsed.success ? orderPath(parsed.data.orderId) : "/admin/orders",
  );
  const fields = fieldsOf(form);
  if (form.get("step") === "edit") return { kind: "idle", fields };
  if (!parsed.success)
    return {
      kind: "invalid",
      key: "invalidForm",
      detail: parsed.error.issues.map((i) => i.path.join(".")).join(", "),
      fields,
    };
  const input = parsed.data;
  const deps = await getAppDeps();
  const order = await findOrderByMerchantOrderId(deps.db, input.orderId);
  if (!order) return { kind: "invalid", key: "noSuchOrder", fields };
  const amountMinor = parseAmountToMinor(input.amount, order.currency);
  if (amountMinor === null || amountMinor <= 0)
    return { kind: "invalid", key: "badAmount", currency: order.currency, fields };
  // Nothing is sent to SinoPac: the admin must say the money went back in its portal first.
  const isManual = isManualRefundProvider(order.provider);
  if (isManual && !fields.refundedInPortal)
    return { kind: "invalid", key: "portalNotConfirmed", fields };
  if (input.step !== "confirm")
    return { kind: "confirm", fields, amountMinor, idempotencyKey: input.idempotencyKey };

  // recordManualRefund sends a LINE Pay order's refund to LINE Pay, whatever the form says.
  const result = await recordManualRefund(
    { db: deps.db, payments: deps.payments, now: deps.now },
    {
      merchantOrderId: order.orderId,
      amountMinor,
      reason: input.reason,
      idempotencyKey: input.idempotencyKey,
      portalReference: isManual && input.portalReference ? input.portalReference : null,
      ...actorOf(admin),
    },
  );
  revalidatePath(orderPath(order.orderId));
  switch (result.kind) {
    case "refused":
      return {
        kind: "refused",
        key: result.refusal.code,
        currency: order.currency,
        fields,
        ...(result.refusal.code === "OVER_REFUND" && {
          refundableMinor: result.refusal.refundableMinor,
        }),
      };
    case "recorded":
      return { kind: "recorded" };
    case "replayed":
      return { kind: "replayed", status: result.refund.status };
    case "unknown":
      return { kind: "unknown", detail: result.refund.failureMessage ?? "" };
    case "settled":
      return result.refund.status === "SUCCEEDED"
        ? { kind: "succeeded" }
        : { kind: "failed", detail: result.refund.failureMessage ?? "", fields };
  }
}

export type VerifyState =
  | { kind: "idle" }
  | { kind: "done"; status: string; checked: number; succeeded: number; failed: number }
  | { kind: "failed"; key: "noSuchOrder" | "unreachable"; detail?: string };

export async function verifyAction(_previous: VerifyState, form: FormData): Promise<VerifyState> {
  const orderId = z.string().min(1).max(100).safeParse(form.get("orderId"));
  const admin = await requireAdmin(orderId.success ? orderPath(orderId.data) : "/admin/orders");
  if (!orderId.success) return { kind: "failed", key: "noSuchOrder" };
  const deps = await getAppDeps();
  const order = await findOrderView(deps.db, orderId.data);
  if (!order) return { kind: "failed", key: "noSuchOrder" };
  try {
    const settled = await verifyOrderPayment(deps, order, `admin:${admin.id}`);
    const refunds = await verifyOrderRefunds(
      { db: deps.db, payments: deps.payments, now: deps.now },
      order,
      actorOf(admin),
    );
    revalidatePath(orderPath(order.orderId));
    return { kind: "done", status: settled.status, ...refunds };
  } catch (error) {
    return {
      kind: "failed",
      key: "unreachable",
      detail: error instanceof Error ? error.message : String(error),
    };
  }
}

export type PaymentRecordState =
  | { kind: "idle" }
  | { kind: "found"; record: ProviderPaymentRecord }
  | { kind: "missing"; key: "noSuchOrder" | "neverRequested" | "notConfirmed" }
  | { kind: "failed"; detail: string };

export async function paymentRecordAction(
  _previous: PaymentRecordState,
  form: FormData,
): Promise<PaymentRecordState> {
  const orderId = z.string().min(1).max(100).safeParse(form.get("orderId"));
  await requireAdmin(orderId.success ? orderPath(orderId.data) : "/admin/orders");
  if (!orderId.success) return { kind: "missing", key: "noSuchOrder" };
  const deps = await getAppDeps();
  const order = await findOrderByMerchantOrderId(deps.db, orderId.data);
  if (!order) return { kind: "missing", key: "noSuchOrder" };
  if (!order.transactionId) return { kind: "missing", key: "neverRequested" };
  try {
    const record = await deps.payments
      .gatewayFor(order.provider)
      .getPaymentRecord(order.transactionId, { orderRowId: order.id });
    return record ? { kind: "found", record } : { kind: "missing", key: "notConfirmed" };
  } catch (error) {
    return { kind: "failed", detail: error instanceof Error ? error.message : String(error) };
  }
}

export type AuthorizationState =
  | { kind: "idle" }
  | { kind: "done"; status: string }
  | { kind: "not_authorized"; status: string }
  | { kind: "refused"; detail: string }
  | { kind: "unknown"; detail: string }
  | { kind: "invalid" };

const authorizationSchema = z.object({
  orderId: z.string().min(1).max(100),
  action: z.enum(["capture", "void"]),
  reason: z.string().trim().min(3).max(500),
});

export async function authorizationAction(
  _previous: AuthorizationState,
  form: FormData,
): Promise<AuthorizationState> {
  const parsed = authorizationSchema.safeParse(Object.fromEntries(form));
  const admin = await requireAdmin(
    parsed.success ? orderPath(parsed.data.orderId) : "/admin/orders",
  );
  if (!parsed.success) return { kind: "invalid" };
  const deps = await getAppDeps();
  const who = { ...actorOf(admin), reason: parsed.data.reason };
  const useCase = parsed.data.action === "capture" ? captureAuthorization : voidAuthorization;
  const result = await useCase(deps, parsed.data.orderId, who);
  revalidatePath(orderPath(parsed.data.orderId));
  switch (result.kind) {
    case "done":
      return { kind: "done", status: result.order.status };
    case "not_authorized":
      return { kind: "not_authorized", status: result.status };
    case "not_found":
      return { kind: "invalid" };
    case "refused":
      return { kind: "refused", detail: `${result.code ?? ""} ${result.message}`.trim() };
    case "unknown":
      return { kind: "unknown", detail: result.message };
  }
}
