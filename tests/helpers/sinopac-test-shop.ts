// The SinoPac test shop every emulator-backed test uses: the emulator's default shop number and
// made-up hash values (test keys, not secrets). Each test file names its own X-KeyID,
// so a request that reaches the wrong emulator is refused.
export function sinoPacTestShop(keyId: string) {
  return {
    shopNo: "NA0000_001",
    keys: {
      a1: "0011223344556677",
      a2: "8899AABBCCDDEEFF",
      b1: "0123456789ABCDEF",
      b2: "FEDCBA9876543210",
    },
    keyId,
  };
}
