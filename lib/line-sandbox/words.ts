// The emulator pages' words in English and Traditional Chinese, picked like LINE picks its own
// screens: the `ui_locales` parameter, else the browser's Accept-Language.
export type PageLocale = "en" | "zh-TW";

export function pickPageLocale(uiLocales: string | null, acceptLanguage: string | undefined) {
  const wanted = `${uiLocales ?? ""},${acceptLanguage ?? ""}`.toLowerCase();
  const first = wanted.split(/[\s,;]+/).find((tag) => /^(en|zh)/.test(tag));
  return first && /^zh(-tw|-hant|-hk)?/.test(first) ? "zh-TW" : "en";
}

const WORDS = {
  en: {
    loginTitle: "LINE Login (local emulator)",
    loginIntro: "wants to use your LINE account. Choose who you are in LINE.",
    knownUsers: "Sign in as",
    newUser: "Or make up a LINE user",
    displayName: "Display name",
    email: "Email registered in LINE (optional)",
    emailConfirmed: "The email is confirmed in LINE (LINE shares only confirmed addresses)",
    shareEmail: "Allow access to my email address",
    addFriend: "Add the official account as a friend (lets it send you messages)",
    allow: "Allow",
    cancel: "Cancel",
    badRequest: "This login request cannot be used",
    messagesTitle: "LINE messages (local emulator)",
    messagesIntro: "Messages pushed through the Messaging API, newest first, per LINE user.",
    noMessages: "No messages yet.",
    friend: "friend",
    notFriend: "not a friend",
    retryKey: "retry key",
    duplicates: "Repeated pushes refused with 409",
  },
  "zh-TW": {
    loginTitle: "LINE 登入（本機模擬）",
    loginIntro: "想要使用您的 LINE 帳號。請選擇您在 LINE 的身分。",
    knownUsers: "以此身分登入",
    newUser: "或建立一個 LINE 使用者",
    displayName: "顯示名稱",
    email: "LINE 帳號登錄的電子郵件（可不填）",
    emailConfirmed: "此電子郵件已在 LINE 完成認證（LINE 只提供已認證的地址）",
    shareEmail: "允許存取我的電子郵件地址",
    addFriend: "將官方帳號加入好友（以便接收訊息）",
    allow: "許可",
    cancel: "取消",
    badRequest: "無法使用此登入要求",
    messagesTitle: "LINE 訊息（本機模擬）",
    messagesIntro: "經由 Messaging API 推播的訊息，依 LINE 使用者分組，最新的在前。",
    noMessages: "尚無訊息。",
    friend: "好友",
    notFriend: "非好友",
    retryKey: "重試金鑰",
    duplicates: "以 409 拒絕的重複推播",
  },
} as const;

export type PageWords = Record<keyof (typeof WORDS)["en"], string>;

export const wordsFor = (locale: PageLocale): PageWords => WORDS[locale];
