// Public surface of the SinoPac QPay client; nothing outside lib/sinopac knows the wire format.
export { createSinoPacClient, type SinoPacClient } from "./client";
export {
  ORDER_QUERY_ROW_CAP,
  type CreatedAtmOrder,
  type CreatedCardOrder,
  type OrderQueryResult,
  type PayResult,
  type SinoPacClientOptions,
  type TimeWindow,
} from "./client-types";
export type {
  SinoPacCallEvent,
  SinoPacCallListener,
  SinoPacCallOutcome,
  SinoPacService,
} from "./call-event";
export {
  SinoPacApiError,
  SinoPacError,
  SinoPacNetworkError,
  SinoPacNotSentError,
  SinoPacResponseError,
  SinoPacTimeoutError,
  isSinoPacError,
  type SinoPacErrorClassification,
} from "./errors";
export type { SinoPacOrderRecord, SinoPacOrderState } from "./order-record";
export {
  parseBackendNotification,
  parseReturnForm,
  BACKEND_ACK,
  type PayTokenNotice,
} from "./notifications";
export type { HashValues } from "./crypto";
export { endOfWireDate } from "./formats";
export type { SinoPacFetch } from "./send-sinopac-call";
