// The local mail catcher as any SMTP client sees it (nodemailer here, nothing from the app): mail
// lands in its JSON API and page, one entry per Message-ID, and it refuses on request with 421.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import nodemailer from "nodemailer";
import { startMailCatcher, type MailCatcher } from "@/lib/mail-emulator/server";

describe("local mail catcher", () => {
  let catcher: MailCatcher;
  let transport: nodemailer.Transporter;
  beforeAll(async () => {
    catcher = await startMailCatcher({ smtpPort: 0, webPort: 0 });
    transport = nodemailer.createTransport({ host: "127.0.0.1", port: catcher.smtpPort });
  });
  afterAll(async () => {
    transport?.close();
    await catcher?.close();
  });
  beforeEach(async () => {
    await fetch(`${catcher.webUrl}/api/messages`, { method: "DELETE" });
  });

  const send = (to: string, subject: string, messageId?: string) =>
    transport.sendMail({
      from: "shop@example.com",
      to,
      subject,
      text: "Hi",
      html: "<p>Hi</p>",
      messageId,
    });
  const list = async (query = "") =>
    (
      (await (await fetch(`${catcher.webUrl}/api/messages${query}`)).json()) as {
        messages: { id: string; subject: string; to: string[]; deliveries: number; html: string }[];
      }
    ).messages;

  it("lists received mail newest first, by recipient, and counts a repeated Message-ID once", async () => {
    await send("a@example.com", "First", "<one@test>");
    await send("b@example.com", "Second");
    await send("a@example.com", "First again", "<one@test>");
    const all = await list();
    expect(all.map((m) => [m.subject, m.deliveries])).toEqual([
      ["Second", 1],
      ["First", 2],
    ]);
    expect((await list("?to=A@example.com")).map((m) => m.subject)).toEqual(["First"]);
    const one = await fetch(`${catcher.webUrl}/api/messages/${all[1]!.id}`);
    expect(await one.json()).toMatchObject({ subject: "First", html: "<p>Hi</p>" });
    expect((await fetch(`${catcher.webUrl}/api/messages/nope`)).status).toBe(404);
  });

  it("refuses with 421 while told to, then accepts again", async () => {
    const told = await fetch(`${catcher.webUrl}/api/behaviour`, {
      method: "POST",
      body: JSON.stringify({ refuseCount: 1 }),
    });
    expect(told.status).toBe(200);
    await expect(send("a@example.com", "Refused")).rejects.toMatchObject({ responseCode: 421 });
    await send("a@example.com", "Accepted");
    expect((await list()).map((m) => m.subject)).toEqual(["Accepted"]);
    const bad = await fetch(`${catcher.webUrl}/api/behaviour`, { method: "POST", body: "{" });
    expect(bad.status).toBe(400);
  });

  it("shows mail on its page with what senders wrote escaped", async () => {
    await send("a@example.com", "<script>alert(1)</script>");
    const page = await (await fetch(catcher.webUrl)).text();
    expect(page).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page).not.toContain("<script>alert(1)");
    const [mail] = await list();
    const html = await fetch(`${catcher.webUrl}/mail/${mail!.id}/html`);
    expect(html.headers.get("content-security-policy")).toBe("sandbox");
  });
});
