// next-auth v4 configuration: email + password always, LINE Login when its channel is configured.
// Sessions are JWTs (required by the credentials provider) carrying the user id, role and session
// version; signing out moves the user's version on, which ends every token issued before.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import LineProvider from "next-auth/providers/line";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { safeAuthRedirect } from "@/lib/server/safe-return-path";
import { revokeUserSessions } from "@/lib/db/user-repository";
import { signInLineAccount } from "@/lib/db/line-user-repository";
import { LINE_API } from "@/lib/env-line";
import { fetchLineFriendship, lineIdentityFromClaims } from "./line-sign-in";
import { authorizeCredentials } from "./authorize-credentials";
import { SIGN_IN_RATE_LIMITED_ERROR } from "./sign-in-throttle";
import { decodeSessionToken, encodeSessionToken } from "./session-token-codec";
import { usesSecureCookies } from "./session-cookie";

function buildProviders(): NextAuthOptions["providers"] {
  const env = getEnv();
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      name: "Email",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw) {
        const outcome = await authorizeCredentials(getAppDb(), raw, new Date());
        // next-auth turns a thrown error into `?error=<message>`; the route answers that with 429.
        if (outcome.kind === "rate-limited") throw new Error(SIGN_IN_RATE_LIMITED_ERROR);
        return outcome.kind === "signed-in" ? outcome.user : null;
      },
    }),
  ];
  if (env.LINE_LOGIN_CHANNEL_ID && env.LINE_LOGIN_CHANNEL_SECRET) {
    const issuer = env.LINE_LOGIN_ISSUER_URL?.replace(/\/+$/, "");
    providers.push(
      LineProvider({
        clientId: env.LINE_LOGIN_CHANNEL_ID,
        clientSecret: env.LINE_LOGIN_CHANNEL_SECRET,
        // The local LINE sandbox in development and tests; LINE itself when unset.
        ...(issuer ? { wellKnown: `${issuer}/.well-known/openid-configuration` } : {}),
        // email: linking to an existing account; bot_prompt: LINE offers to add the shop's
        // official account as a friend, which LINE messages need.
        authorization: { params: { scope: "openid profile email", bot_prompt: "normal" } },
      }),
    );
  }
  return providers;
}

export function isLineLoginEnabled(): boolean {
  const env = getEnv();
  return Boolean(env.LINE_LOGIN_CHANNEL_ID && env.LINE_LOGIN_CHANNEL_SECRET);
}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  cached ??= {
    secret: getEnv().NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
    jwt: { encode: encodeSessionToken, decode: decodeSessionToken },
    // Said here, not left to NEXTAUTH_URL: getSessionUser reads the cookie by the same rule.
    useSecureCookies: usesSecureCookies(getEnv().APP_BASE_URL),
    pages: { signIn: "/signin" },
    providers: buildProviders(),
    callbacks: {
      // callbackUrl comes from the query string: never let it send a signed-in user to another site.
      async redirect({ url, baseUrl }) {
        return safeAuthRedirect(url, baseUrl);
      },
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "line") {
          const identity = lineIdentityFromClaims(profile);
          if (!identity) throw new Error("LINE sent an ID token of an unexpected shape");
          const isFriend = account.access_token
            ? await fetchLineFriendship(
                getEnv().LINE_API_BASE_URL ?? LINE_API,
                account.access_token,
              )
            : false;
          const lineUser = await signInLineAccount(
            getAppDb(),
            { ...identity, isFriend },
            new Date(),
          );
          return {
            ...token,
            sub: lineUser.id,
            role: lineUser.role,
            sessionVersion: lineUser.sessionVersion,
          };
        }
        if (user) {
          const signedIn = user as { role?: string; sessionVersion?: number };
          return {
            ...token,
            sub: user.id,
            role: signedIn.role ?? "SHOPPER",
            sessionVersion: signedIn.sessionVersion ?? 0,
          };
        }
        return token;
      },
      async session({ session, token }) {
        return {
          ...session,
          user: {
            ...session.user,
            id: token.sub,
            role: token.role,
            sessionVersion: token.sessionVersion ?? 0,
          },
        };
      },
    },
    events: {
      // A saved copy of the cookie must not outlive the sign-out: every session of the user ends.
      async signOut({ token }) {
        if (token?.sub) await revokeUserSessions(getAppDb(), token.sub);
      },
    },
  };
  return cached;
}
