// The two inbound calls from SinoPac. Neither is signed, so neither is proof of anything: they only
// carry a PayToken for OrderPayQuery. ReturnURL is a browser form POST (urlencoded, never JSON);
// BackendURL is server-to-server JSON, acknowledged with {"Status":"S"}.
import { z } from "zod";
import { payTokenSchema } from "./request-schemas";

export interface PayTokenNotice {
  shopNo: string;
  payToken: string;
}

const noticeSchema = z.object({ ShopNo: z.string().min(1).max(20), PayToken: payTokenSchema });

function toNotice(value: unknown, shopNo: string): PayTokenNotice | undefined {
  const parsed = noticeSchema.safeParse(value);
  if (!parsed.success || parsed.data.ShopNo !== shopNo) return undefined;
  return { shopNo: parsed.data.ShopNo, payToken: parsed.data.PayToken };
}

/** `ShopNo=…&PayToken=…` from the shopper's browser; undefined when it is not ours or malformed. */
export function parseReturnForm(body: string, shopNo: string): PayTokenNotice | undefined {
  const form = new URLSearchParams(body);
  return toNotice({ ShopNo: form.get("ShopNo"), PayToken: form.get("PayToken") }, shopNo);
}

/** `{"ShopNo":"…","PayToken":"…"}` from SinoPac's server; undefined when malformed or not ours. */
export function parseBackendNotification(body: string, shopNo: string): PayTokenNotice | undefined {
  try {
    return toNotice(JSON.parse(body), shopNo);
  } catch {
    return undefined;
  }
}

/** The acknowledgement, sent only after the PayToken is durably recorded. */
export const BACKEND_ACK = '{"Status":"S"}';
