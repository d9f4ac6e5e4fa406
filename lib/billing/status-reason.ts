// Why a status moved, as data: a stable code from this catalogue and typed parameters, stored beside
// the English wording so the back office can show each reason in the viewer's language
// (lib/i18n/status-reason-text.ts; wording in lib/i18n/messages/*/reasons.json). Parameters are
// shown as given ("text": codes, ids, the admin's own typed note), as numbers, as a plan's name in
// the viewer's language ("plan": its code and stored name), as an order status in words, or as
// another reason of the catalogue ("reason": a progress note inside "still open after n checks").
import { STATUS_REASON_CATALOGUE } from "./status-reason-catalogue";

type ParamKind = "text" | "number" | "plan" | "orderStatus" | "reason";
type Catalogue = typeof STATUS_REASON_CATALOGUE;

export type StatusReasonCode = keyof Catalogue;

/** A plan as a parameter: its code (to find its name in the viewer's language) and stored name. */
export interface PlanParam {
  code: string;
  name: string;
}

type ParamValue<K> = K extends "number"
  ? number
  : K extends "plan"
    ? PlanParam
    : K extends "reason"
      ? StatusReason
      : string;

/** The parameters a code takes, exactly (a missing or extra one fails the type check). */
export type StatusReasonParams<C extends StatusReasonCode> = {
  -readonly [P in keyof Catalogue[C]]: ParamValue<Catalogue[C][P]>;
};

export type StatusReason = {
  [C in StatusReasonCode]: { code: C; params: StatusReasonParams<C> };
}[StatusReasonCode];

/** Builds a reason; codes without parameters take none. */
export function statusReason<C extends StatusReasonCode>(
  code: C,
  ...params: keyof Catalogue[C] extends never ? [] : [StatusReasonParams<C>]
): StatusReason {
  return { code, params: params[0] ?? {} } as StatusReason;
}

/** The admin's own typed text, kept verbatim in every language. */
export const adminNote = (note: string) => statusReason("admin.note", { note });

export function isStatusReasonCode(code: string): code is StatusReasonCode {
  return Object.hasOwn(STATUS_REASON_CATALOGUE, code);
}

/** The kinds of a code's parameters, for renderers and for checking stored rows. */
export function statusReasonParamKinds(code: StatusReasonCode): Record<string, ParamKind> {
  return STATUS_REASON_CATALOGUE[code];
}

export const STATUS_REASON_CODES = Object.keys(STATUS_REASON_CATALOGUE) as StatusReasonCode[];
