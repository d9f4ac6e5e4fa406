// Public surface of the LINE Pay v3 client; nothing outside lib/linepay should need the wire format.
export { createLinePayClient, type LinePayClient, type LinePayClientOptions } from "./client";
export { linePayClientFromEnv, type LinePayEnv } from "./client-from-env";
export type { LinePayCallEvent, LinePayCallListener, LinePayCallOutcome } from "./call-event";
export { linePayEndpoints, type LinePayEndpoint, type LinePayEndpointInfo } from "./endpoints";
export {
  LinePayApiError,
  LinePayError,
  LinePayHttpError,
  LinePayNetworkError,
  LinePayResponseError,
  LinePayTimeoutError,
  LinePayValidationError,
  isLinePayError,
  type LinePayErrorClassification,
} from "./errors";
export { classifyReturnCode, type ReturnCodeClass } from "./classify-return-code";
export { isDeclineCode, isRegKeyDeadCode } from "./decline-codes";
export type { ExpireRegKeyStatus, PaymentRequestStatus, RegKeyStatus } from "./answer-states";
export { currencySchema, currencyDecimals, type LinePayCurrency } from "./currency-amounts";
export { signRequest, type SignRequestInput } from "./signature";
export { parseLinePayJson } from "./parse-line-pay-json";
export { maskRegKey, redactRegKeys } from "./redact-reg-keys";
export { requestPaymentBodySchema, type RequestPaymentBody } from "./request-payment-schema";
export {
  captureBodySchema,
  confirmBodySchema,
  payPreapprovedBodySchema,
  paymentDetailsQuerySchema,
  refundOptionsSchema,
  regKeySchema,
  transactionIdSchema,
  type CaptureBody,
  type ConfirmBody,
  type PayPreapprovedBody,
  type PaymentDetailsQuery,
  type RefundOptions,
} from "./request-schemas";
export type {
  CapturePaymentInfo,
  ConfirmPaymentInfo,
  PayPreapprovedInfo,
  PaymentDetailsEntry,
  RefundPaymentInfo,
  RequestPaymentInfo,
} from "./response-schemas";
