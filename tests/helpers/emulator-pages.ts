// Starts the four local emulators in-process (ports the system picks) and puts each page a shopper,
// developer or test sees into a typical state: the LINE Pay payment page before and after a
// decision, SinoPac's card page, LINE's consent and pushed-messages pages (both languages) and the
// mail catcher. Shared by the stylesheet integration test and the emulator-pages browser spec.
import nodemailer from "nodemailer";
import { createSinoPacClient } from "../../lib/sinopac";
import { startLineSandbox } from "../../lib/line-sandbox/server";
import { startMailCatcher } from "../../lib/mail-emulator/server";
import { startSinoPacSandbox } from "../../lib/sinopac-sandbox/server";
import { startTestSandbox } from "./sandbox-fixture";
import { sinoPacTestShop } from "./sinopac-test-shop";

export interface EmulatorPage {
  /** Short name, used in test titles and screenshot files: "linepay-payment". */
  name: string;
  url: string;
  status: number;
}

const SINOPAC_SHOP = sinoPacTestShop("11111111-2222-4333-8444-555555555555");
const LINE_CHANNEL = { id: "1650000003", secret: "emulator-pages-secret", name: "VIP Club" };
const LINE_TOKEN = "emulator-pages-token";

export async function startEmulatorPages() {
  const linePay = await startTestSandbox();
  const sinoPac = await startSinoPacSandbox({ shops: [SINOPAC_SHOP], tickIntervalMs: 0 });
  const line = await startLineSandbox({
    loginChannels: [LINE_CHANNEL],
    messagingTokens: [LINE_TOKEN],
  });
  const mail = await startMailCatcher({ smtpPort: 0, webPort: 0 });
  const close = () =>
    Promise.all([linePay.sandbox.close(), sinoPac.close(), line.close(), mail.close()]).then(
      () => {},
    );
  try {
    const pages = [
      ...(await linePayPages(linePay)),
      ...(await sinoPacPages(sinoPac.apiBaseUrl, sinoPac.url)),
      ...(await linePages(line.url, line.store)),
      ...(await mailPages(mail.webUrl, mail.smtpPort)),
    ];
    return { pages, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function linePayPages(sandbox: Awaited<ReturnType<typeof startTestSandbox>>) {
  const waiting = await sandbox.requestPayment();
  const decided = await sandbox.approvedPayment();
  return [
    { name: "linepay-payment", url: String(waiting.info.paymentUrl.web), status: 200 },
    { name: "linepay-approved", url: String(decided.info.paymentUrl.web), status: 200 },
    {
      name: "linepay-not-found",
      url: `${sandbox.sandbox.url}/web/payment/wait?transactionReserveId=nope`,
      status: 404,
    },
  ];
}

async function sinoPacPages(apiBaseUrl: string, url: string) {
  const client = createSinoPacClient({
    baseUrl: apiBaseUrl,
    shopNo: SINOPAC_SHOP.shopNo,
    hashValues: SINOPAC_SHOP.keys,
    keyId: SINOPAC_SHOP.keyId,
    timeoutMs: 5_000,
  });
  const order = await client.createCardOrder({
    orderNo: `EP${Date.now().toString(36)}`,
    amountTwd: 499,
    productName: "VIP 30 天通行證",
    returnUrl: "http://127.0.0.1:9/return",
  });
  return [
    { name: "sinopac-card", url: order.cardPayUrl, status: 200 },
    {
      name: "sinopac-not-found",
      url: `${url}/QPay.WebPaySite/Bridge/PayCard?TD=none&TK=none`,
      status: 404,
    },
  ];
}

async function linePages(
  url: string,
  store: Awaited<ReturnType<typeof startLineSandbox>>["store"],
) {
  const friend = store.rememberUser({
    displayName: "Mei",
    email: "mei@example.com",
    isFriend: true,
  });
  const push = (text: string, retryKey?: string) =>
    fetch(`${url}/v2/bot/message/push`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${LINE_TOKEN}`,
        ...(retryKey ? { "x-line-retry-key": retryKey } : {}),
      },
      body: JSON.stringify({ to: friend.userId, messages: [{ type: "text", text }] }),
    });
  await push("Your VIP 30 days pass is active until 2027-01-02.\nThank you!");
  await push("VIP 30 天通行證付款完成：NT$300。", "123e4567-e89b-42d3-a456-426614174000");
  const consent = (locale: string) =>
    `${url}/oauth2/v2.1/authorize?${new URLSearchParams({
      response_type: "code",
      client_id: LINE_CHANNEL.id,
      redirect_uri: "http://127.0.0.1:9/callback",
      state: "state-1",
      scope: "openid profile email",
      bot_prompt: "aggressive",
      ui_locales: locale,
    })}`;
  return [
    { name: "line-login-en", url: consent("en"), status: 200 },
    { name: "line-login-zh-TW", url: consent("zh-TW"), status: 200 },
    { name: "line-messages-en", url: `${url}/?lang=en`, status: 200 },
    { name: "line-messages-zh-TW", url: `${url}/?lang=zh-TW`, status: 200 },
  ];
}

async function mailPages(webUrl: string, smtpPort: number) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort });
  try {
    for (const subject of ["Your receipt for VIP 30 days", "Reset your password"])
      await transport.sendMail({
        from: "shop@example.com",
        to: "shopper-with-a-rather-long-address@example.com",
        subject,
        text: `${subject}.\n\nOpen https://shop.example/account to see it.`,
        html: `<p>${subject}.</p>`,
      });
  } finally {
    transport.close();
  }
  const list = (await (await fetch(`${webUrl}/api/messages`)).json()) as {
    messages: { id: string }[];
  };
  return [
    { name: "mail-list", url: `${webUrl}/`, status: 200 },
    { name: "mail-message", url: `${webUrl}/mail/${list.messages[0]?.id}`, status: 200 },
  ];
}
