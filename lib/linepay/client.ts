// LINE Pay Online API v3 client: one method per endpoint. Inputs are validated and re-serialised
// from schemas (unknown keys never reach LINE), ids stay strings, and nothing is retried: after an
// "unknown" failure the caller reconciles with getPaymentDetails / checkPaymentStatus instead.
import { randomUUID } from "node:crypto";
import {
  expireRegKeyStatusFromCode,
  paymentRequestStatusFromCode,
  regKeyStatusFromCode,
  type ExpireRegKeyStatus,
  type PaymentRequestStatus,
  type RegKeyStatus,
} from "./answer-states";
import { buildPaymentDetailsQuery } from "./build-payment-details-query";
import type { LinePayCallListener } from "./call-event";
import type { LinePayEndpoint } from "./endpoints";
import { requestPaymentBodySchema, type RequestPaymentBody } from "./request-payment-schema";
import {
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
import {
  capturePaymentInfoSchema,
  confirmPaymentInfoSchema,
  payPreapprovedInfoSchema,
  paymentDetailsInfoSchema,
  refundPaymentInfoSchema,
  requestPaymentInfoSchema,
  type CapturePaymentInfo,
  type ConfirmPaymentInfo,
  type PayPreapprovedInfo,
  type PaymentDetailsEntry,
  type RefundPaymentInfo,
  type RequestPaymentInfo,
} from "./response-schemas";
import { nodeHttpFetch, type LinePayFetch } from "./node-http-fetch";
import { sendLinePayCall, type LinePayTransport } from "./send-line-pay-call";
import { validateInput } from "./validate-input";

export interface LinePayClientOptions {
  /** e.g. `https://sandbox-api-pay.line.me` or the local sandbox; no trailing path. */
  baseUrl: string;
  channelId: string;
  channelSecret: string;
  /** The HTTP transport; default node:http(s) with keep-alive (node-http-fetch.ts). The global fetch fits too. */
  fetch?: LinePayFetch;
  /** Read timeouts in ms per endpoint; defaults in `linePayEndpoints` (linepay-v3.md §3.0). */
  timeouts?: Partial<Record<LinePayEndpoint, number>>;
  onCall?: LinePayCallListener;
  now?: () => number;
  nonce?: () => string;
}

export interface LinePayClient {
  requestPayment(body: RequestPaymentBody): Promise<RequestPaymentInfo>;
  checkPaymentStatus(
    transactionId: string,
  ): Promise<{ status: PaymentRequestStatus; returnCode: string }>;
  confirmPayment(transactionId: string, body: ConfirmBody): Promise<ConfirmPaymentInfo>;
  capturePayment(transactionId: string, body: CaptureBody): Promise<CapturePaymentInfo>;
  voidPayment(transactionId: string): Promise<void>;
  refundPayment(transactionId: string, options?: RefundOptions): Promise<RefundPaymentInfo>;
  getPaymentDetails(query: PaymentDetailsQuery): Promise<PaymentDetailsEntry[]>;
  checkRegKey(
    regKey: string,
    options?: { creditCardAuth?: boolean },
  ): Promise<{ status: RegKeyStatus; returnCode: string }>;
  payPreapproved(regKey: string, body: PayPreapprovedBody): Promise<PayPreapprovedInfo>;
  expireRegKey(regKey: string): Promise<{ status: ExpireRegKeyStatus; returnCode: string }>;
}

// POSTs without a payload send and sign `{}` (what line-pay-merchant and the Python SDK do).
const EMPTY_BODY = "{}";

export function createLinePayClient(options: LinePayClientOptions): LinePayClient {
  if (!/^[\x21-\x7e]+$/.test(options.channelId))
    throw new TypeError("channelId must be printable ASCII");
  if (options.channelSecret === "") throw new TypeError("channelSecret is required");
  const transport: LinePayTransport = {
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    channelId: options.channelId,
    channelSecret: options.channelSecret,
    fetch: options.fetch ?? nodeHttpFetch,
    timeouts: options.timeouts ?? {},
    onCall: options.onCall,
    now: options.now ?? (() => performance.now()),
    nonce: options.nonce ?? randomUUID,
  };
  const txId = (endpoint: LinePayEndpoint, id: string) =>
    validateInput(endpoint, transactionIdSchema, id);
  const key = (endpoint: LinePayEndpoint, regKey: string) =>
    validateInput(endpoint, regKeySchema, regKey);

  return {
    async requestPayment(body) {
      const parsed = validateInput("requestPayment", requestPaymentBodySchema, body);
      const answer = await sendLinePayCall(transport, {
        endpoint: "requestPayment",
        apiPath: "/v3/payments/request",
        body: JSON.stringify(parsed),
        orderId: parsed.orderId,
        infoSchema: requestPaymentInfoSchema,
      });
      return answer.info;
    },

    async checkPaymentStatus(transactionId) {
      const id = txId("checkPaymentStatus", transactionId);
      const apiPath = `/v3/payments/requests/${id}/check`;
      const call = { endpoint: "checkPaymentStatus", apiPath, transactionId: id } as const;
      const { returnCode } = await sendLinePayCall(transport, call);
      return { status: paymentRequestStatusFromCode(returnCode) ?? "reserved", returnCode };
    },

    async confirmPayment(transactionId, body) {
      const id = txId("confirmPayment", transactionId);
      const payload = JSON.stringify(validateInput("confirmPayment", confirmBodySchema, body));
      const apiPath = `/v3/payments/${id}/confirm`;
      const answer = await sendLinePayCall(transport, {
        endpoint: "confirmPayment",
        apiPath,
        body: payload,
        transactionId: id,
        infoSchema: confirmPaymentInfoSchema,
      });
      return answer.info;
    },

    async capturePayment(transactionId, body) {
      const id = txId("capturePayment", transactionId);
      const payload = JSON.stringify(validateInput("capturePayment", captureBodySchema, body));
      const apiPath = `/v3/payments/authorizations/${id}/capture`;
      const answer = await sendLinePayCall(transport, {
        endpoint: "capturePayment",
        apiPath,
        body: payload,
        transactionId: id,
        infoSchema: capturePaymentInfoSchema,
      });
      return answer.info;
    },

    async voidPayment(transactionId) {
      const id = txId("voidPayment", transactionId);
      const apiPath = `/v3/payments/authorizations/${id}/void`;
      await sendLinePayCall(transport, {
        endpoint: "voidPayment",
        apiPath,
        body: EMPTY_BODY,
        transactionId: id,
      });
    },

    async refundPayment(transactionId, options = {}) {
      const id = txId("refundPayment", transactionId);
      const { refundAmount } = validateInput("refundPayment", refundOptionsSchema, options);
      const payload = refundAmount === undefined ? EMPTY_BODY : JSON.stringify({ refundAmount });
      const apiPath = `/v3/payments/${id}/refund`;
      const answer = await sendLinePayCall(transport, {
        endpoint: "refundPayment",
        apiPath,
        body: payload,
        transactionId: id,
        infoSchema: refundPaymentInfoSchema,
      });
      return answer.info;
    },

    async getPaymentDetails(query) {
      const q = validateInput("getPaymentDetails", paymentDetailsQuerySchema, query);
      const single =
        q.transactionIds?.length === 1 && !q.orderIds?.length ? q.transactionIds[0] : undefined;
      const answer = await sendLinePayCall(transport, {
        endpoint: "getPaymentDetails",
        apiPath: "/v3/payments",
        query: buildPaymentDetailsQuery(q),
        transactionId: single,
        infoSchema: paymentDetailsInfoSchema,
      });
      return answer.info;
    },

    async checkRegKey(regKey, { creditCardAuth = false } = {}) {
      const k = key("checkRegKey", regKey);
      const apiPath = `/v3/payments/preapprovedPay/${k}/check`;
      const query = creditCardAuth ? "creditCardAuth=true" : undefined;
      const { returnCode } = await sendLinePayCall(transport, {
        endpoint: "checkRegKey",
        apiPath,
        query,
        regKey: k,
      });
      return { status: regKeyStatusFromCode(returnCode) ?? "valid", returnCode };
    },

    async payPreapproved(regKey, body) {
      const k = key("payPreapproved", regKey);
      const parsed = validateInput("payPreapproved", payPreapprovedBodySchema, body);
      const apiPath = `/v3/payments/preapprovedPay/${k}/payment`;
      const answer = await sendLinePayCall(transport, {
        endpoint: "payPreapproved",
        apiPath,
        body: JSON.stringify(parsed),
        regKey: k,
        orderId: parsed.orderId,
        infoSchema: payPreapprovedInfoSchema,
      });
      return answer.info;
    },

    async expireRegKey(regKey) {
      const k = key("expireRegKey", regKey);
      const apiPath = `/v3/payments/preapprovedPay/${k}/expire`;
      const call = { endpoint: "expireRegKey", apiPath, body: EMPTY_BODY, regKey: k } as const;
      const { returnCode } = await sendLinePayCall(transport, call);
      return { status: expireRegKeyStatusFromCode(returnCode) ?? "expired", returnCode };
    },
  };
}
