// The non-LINE answers a fault can produce: a gateway-style HTTP 500 and a connection torn down
// without a response. Both look to a client like infrastructure failing, not like LINE answering.
import type { ServerResponse } from "node:http";
import { sendHtml } from "./http-io";

const GATEWAY_ERROR_PAGE =
  "<html><head><title>500 Internal Server Error</title></head>" +
  "<body><h1>500 Internal Server Error</h1><p>Injected by the LINE Pay sandbox.</p></body></html>";

/** HTML on purpose: a client must not take a 500 for a LINE envelope. */
export function sendGatewayError(res: ServerResponse): void {
  sendHtml(res, 500, GATEWAY_ERROR_PAGE);
}

/**
 * Tears the TCP connection down with a RST (ECONNRESET on the client) and no response bytes.
 * Only this connection is affected; a keep-alive client opens a new one for its next call.
 */
export function dropConnection(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  socket.resetAndDestroy();
}

/** A client that gave up (timeout) already closed the socket: nothing left to write to. */
export function clientIsGone(res: ServerResponse): boolean {
  return !res.socket || res.socket.destroyed;
}
