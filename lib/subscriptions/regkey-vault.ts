// Seals LINE Pay regKeys before they touch the database and opens them only to charge. The
// subscription id is the associated data, so a ciphertext copied to another subscription is useless.
import { maskRegKey } from "@/lib/linepay";
import { openSecret, sealSecret, type SecretBoxKeyring } from "@/lib/security/secret-box";

export interface SealedRegKey {
  regKeyCiphertext: string;
  regKeyKeyId: string;
  /** Safe to show: e.g. "RK…QTO". */
  regKeyHint: string;
}

export interface RegKeyVault {
  seal(subscriptionId: string, regKey: string): SealedRegKey;
  open(subscriptionId: string, ciphertext: string): string;
}

export function createRegKeyVault(keyring: SecretBoxKeyring): RegKeyVault {
  const aad = (subscriptionId: string) => `subscription:${subscriptionId}`;
  return {
    seal(subscriptionId, regKey) {
      const sealed = sealSecret(keyring, regKey, aad(subscriptionId));
      return {
        regKeyCiphertext: sealed.ciphertext,
        regKeyKeyId: sealed.keyId,
        regKeyHint: maskRegKey(regKey),
      };
    },
    open: (subscriptionId, ciphertext) => openSecret(keyring, ciphertext, aad(subscriptionId)),
  };
}
