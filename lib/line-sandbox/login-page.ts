// The authorize page: LINE's consent screen, where the developer picks a LINE user made up before or
// makes one up (display name, optional email), and answers the email and friend permissions.
import { ui } from "../brand/emulator-page";
import { escapeHtml, pageLayout } from "./http-io";
import type { LineUser } from "./store";
import type { PageLocale } from "./words";
import { wordsFor } from "./words";

const hidden = (params: URLSearchParams) =>
  [...params.entries()]
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join("");

export function authorizePage(input: {
  params: URLSearchParams;
  channelName: string;
  users: LineUser[];
  locale: PageLocale;
}): string {
  const t = wordsFor(input.locale);
  const asksEmail = (input.params.get("scope") ?? "").split(" ").includes("email");
  const asksFriend = input.params.has("bot_prompt");
  const permissions = [
    asksEmail
      ? `<label class="${ui.check}"><input type="checkbox" name="share_email" checked> ${t.shareEmail}</label>`
      : "",
    asksFriend
      ? `<label class="${ui.check}"><input type="checkbox" name="add_friend" checked> ${t.addFriend}</label>`
      : "",
  ].join("");
  const known = input.users
    .map(
      (user) =>
        `<button type="submit" name="known_user" value="${escapeHtml(user.userId)}" class="${ui.secondary} max-w-full break-all">
${escapeHtml(user.displayName)}${user.email ? ` · ${escapeHtml(user.email)}` : ""}</button>`,
    )
    .join("");
  const form = hidden(input.params);
  const card = `${ui.card} grid gap-4`;
  return pageLayout(
    t.loginTitle,
    `<p class="${ui.card} m-0"><strong>${escapeHtml(input.channelName)}</strong> ${t.loginIntro}</p>
${
  known
    ? `<form method="post" action="/oauth2/v2.1/authorize/decide" class="${card}">${form}
<h2 class="m-0 text-lg font-bold">${t.knownUsers}</h2>${permissions}<div class="flex flex-wrap gap-2">${known}</div></form>`
    : ""
}
<form method="post" action="/oauth2/v2.1/authorize/decide" class="${card}">${form}
<h2 class="m-0 text-lg font-bold">${t.newUser}</h2>
<label class="${ui.label}">${t.displayName}<input type="text" name="display_name" required maxlength="20" class="${ui.input}"></label>
<label class="${ui.label}">${t.email}<input type="email" name="email" maxlength="200" class="${ui.input}"></label>
<label class="${ui.check}"><input type="checkbox" name="email_confirmed" checked> ${t.emailConfirmed}</label>
${permissions}
<div class="flex flex-wrap gap-2"><button type="submit" name="decision" value="allow" class="${ui.primary} min-w-32">${t.allow}</button>
<button type="submit" name="decision" value="cancel" formnovalidate class="${ui.outline} min-w-32">${t.cancel}
</button></div></form>`,
    input.locale,
  );
}

export function badRequestPage(reason: string, locale: PageLocale): string {
  const t = wordsFor(locale);
  return pageLayout(t.badRequest, `<p class="${ui.card} m-0">${escapeHtml(reason)}</p>`, locale);
}
