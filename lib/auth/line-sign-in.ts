// What a LINE sign-in tells us, read from the ID token next-auth has already checked (HS256 with
// our channel secret, our channel id as audience, LINE as issuer) and LINE's friendship status.
//
// Which email counts as verified: LINE issues no `email_verified` claim. A LINE account registers
// an address only after its owner enters the confirmation code LINE mails to it, and LINE shares it
// only with the user's consent and a channel that LINE granted the email permission. So an `email`
// claim in a signed ID token is an address LINE vouches for, and it may link to the shop account
// with that email. Anything else (no email, or an `email_verified` that is not true, should LINE
// ever send one) gets an account of its own: an attacker who merely types someone's address into a
// LINE account cannot take over that person's shop account.
import { z } from "zod";

const lineClaimsSchema = z.object({
  sub: z.string().regex(/^U[0-9a-f]{32}$/),
  name: z.string().max(100).optional(),
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)).optional(),
  email_verified: z.boolean().optional(),
});

export interface LineIdentity {
  lineUserId: string;
  name: string | null;
  verifiedEmail: string | null;
}

/** The LINE identity in an ID token's claims; undefined when they are not LINE's shape. */
export function lineIdentityFromClaims(claims: unknown): LineIdentity | undefined {
  const parsed = lineClaimsSchema.safeParse(claims);
  if (!parsed.success) return undefined;
  const { sub, name, email, email_verified: emailVerified } = parsed.data;
  return {
    lineUserId: sub,
    name: name ?? null,
    verifiedEmail: email && emailVerified !== false ? email : null,
  };
}

/**
 * Whether the user is a friend of the channel's official account (LINE's bot_prompt at login):
 * only then can LINE messages reach them. False when LINE cannot be asked.
 */
export async function fetchLineFriendship(apiBaseUrl: string, accessToken: string) {
  try {
    const response = await fetch(`${apiBaseUrl.replace(/\/+$/, "")}/friendship/v1/status`, {
      headers: { authorization: `Bearer ${accessToken}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) return false;
    const body = (await response.json()) as { friendFlag?: unknown };
    return body.friendFlag === true;
  } catch {
    return false;
  }
}
