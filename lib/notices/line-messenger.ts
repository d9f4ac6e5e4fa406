// Pushes a notice to a LINE user through the Messaging API with LINE's own SDK (@line/bot-sdk). The
// notice's retry key goes as X-Line-Retry-Key: LINE runs a key once, and answers a repeat with 409,
// which means the message was already accepted (a push repeated after a crash or a lost answer).
import { HTTPFetchError, messagingApi } from "@line/bot-sdk";

export interface OutgoingLineMessage {
  to: string;
  text: string;
  retryKey: string;
}

/** LINE refused the push: permanent for a message or recipient LINE calls invalid (400). */
export class LinePushRefusedError extends Error {
  override name = "LinePushRefusedError";
  constructor(
    message: string,
    readonly isPermanent: boolean,
  ) {
    super(message);
  }
}

export interface LineMessenger {
  push(message: OutgoingLineMessage): Promise<void>;
}

const PUSH_TIMEOUT_MS = 30_000;

function reasonOf(error: HTTPFetchError): string {
  try {
    const body = JSON.parse(error.body) as { message?: unknown };
    return typeof body.message === "string" ? body.message : error.statusText;
  } catch {
    return error.statusText;
  }
}

export function createLineMessenger(options: {
  baseUrl: string;
  channelAccessToken: string;
  timeoutMs?: number;
}): LineMessenger {
  const client = new messagingApi.MessagingApiClient({
    channelAccessToken: options.channelAccessToken,
    baseURL: options.baseUrl,
  });
  return {
    async push(message) {
      let timer: NodeJS.Timeout | undefined;
      // The SDK takes no abort signal; a push still running after this is covered by the retry key.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new LinePushRefusedError("LINE did not answer in time", false)),
          options.timeoutMs ?? PUSH_TIMEOUT_MS,
        );
      });
      try {
        await Promise.race([
          client.pushMessage(
            { to: message.to, messages: [{ type: "text", text: message.text }] },
            message.retryKey,
          ),
          timeout,
        ]);
      } catch (error) {
        if (error instanceof HTTPFetchError) {
          if (error.status === 409) return; // accepted before: delivered once, as wanted
          throw new LinePushRefusedError(
            `LINE answered ${error.status}: ${reasonOf(error)}`,
            error.status === 400,
          );
        }
        if (error instanceof LinePushRefusedError) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        throw new LinePushRefusedError(`LINE could not be reached: ${reason}`, false);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
