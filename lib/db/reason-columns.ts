// How a reason is stored: its catalogue code and parameters (JSON) for the back office to show in
// any language, and its English wording in `reason` so SQL and CSV readers keep reading words.
import type { StatusReason } from "@/lib/billing/status-reason";
import { englishReason } from "@/lib/i18n/status-reason-text";

export function reasonColumns(reason: StatusReason) {
  return {
    reason: englishReason(reason),
    reasonCode: reason.code,
    reasonParams: JSON.stringify(reason.params),
  };
}
