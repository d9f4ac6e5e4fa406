// Known-answer tests for the QPay message security: the spec's worked example (as reproduced in
// terrylinooo/sinopac-php-sdk tests/QPay/QPayDevTest.php; example keys, not live credentials) and
// the synthetic vector of docs/sinopac notes §6.7 (dummy keys).
import { describe, expect, it } from "vitest";
import {
  decryptMessage,
  encryptMessage,
  hashId,
  ivFromNonce,
  sign,
  signString,
  signsMatch,
} from "@/lib/sinopac/crypto";

const SPEC_KEYS = {
  a1: "4D9709D699CA40EE",
  a2: "5A4FEF83140C4E9E",
  b1: "BC74301945134CB4",
  b2: "961F67F8FCA44AB9",
};
const SPEC_NONCE =
  "NjM2NjA0MzI4ODIyODguMzo3NzI0ZDg4ZmI5Nzc2YzQ1MTNhYzg2MTk3NDBlYTRhNGU0N2IxM2Q2M2JkMTIwOGU5YzZhMGFmNGY5MjA5YzVm";
const SPEC_PAYLOAD = {
  ShopNo: "BA0026_001",
  OrderNo: "A201804270001",
  Amount: 50000,
  CurrencyID: "TWD",
  PayType: "A",
  ATMParam: { ExpireDate: "20180502" },
  CardParam: [],
  ConvStoreParam: [],
  PrdtName: "虛擬帳號訂單",
  ReturnURL: "http://10.11.22.113:8803/QPay.ApiClient/Store/Return",
  BackendURL: "http://10.11.22.113:8803/QPay.ApiClient/AutoPush/PushSuccess",
};
/** PHP json_encode's default output: `\/` and `\uXXXX` escapes. */
function phpJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
const SPEC_MESSAGE =
  "2C236A4E91DB2F7670E79BBCE3A626EB728916919012681FF92BE0B4BBF57F5519AF1A469A1D8710B202CB2C2F3C12A770788D825AD0F0A22AED518545A0D244AD0F9C37C7C693EFFABE78B606BCDAED6284902F7F522BBA85D9BE7EFEF46C6793FB6A5D6624C2642A74EB312034BEA931EE3A5F3C660F3ABAA9032949AE86DEFEB452545807561D282C7B7C8E9102CE134639CF8172577B4250CD4BF4AC30589A4B34BBDF0A2DF8F908E9FA42E22DA13C5294C5E6C48DE6662B145CAE29249203343D53C35F76C21FFA492DB33E12E14B731956ABD92D40B6C9D12F122132A84FE39D0D213486037EC4923F689BF0805D38EEF06B8D5E8C441CF8AD76A29E0CEF9E06715E608095CE6B0A86F3DD702795B0C1C9E488C61F6D07F9FCD84EE7D1508523E8365B44EFC9B99A4BF3FD42D13B9742F48E055602D55736F083F5367FC05378430FA56D28BFF12660636EC32FE054987DAB24F51D1341D9514A1BFBC64C8917DBEE6D19D351803088A7963F1346223F968A237B29AF19BE98EED176A5";

describe("spec worked example (shop BA0026_001)", () => {
  const id = hashId(SPEC_KEYS);

  it("derives HashID, IV and the sign string", () => {
    expect(id).toBe("17D8E6558DC60E702A6B57E1B9B7060D");
    expect(ivFromNonce(SPEC_NONCE)).toBe("CB6FA68E42B655AB");
    expect(signString(SPEC_PAYLOAD)).toBe(
      "Amount=50000&BackendURL=http://10.11.22.113:8803/QPay.ApiClient/AutoPush/PushSuccess&CurrencyID=TWD&OrderNo=A201804270001&PayType=A&PrdtName=虛擬帳號訂單&ReturnURL=http://10.11.22.113:8803/QPay.ApiClient/Store/Return&ShopNo=BA0026_001",
    );
  });

  it("signs to A3EAEE3B…4331", () => {
    expect(sign(SPEC_PAYLOAD, SPEC_NONCE, id)).toBe(
      "A3EAEE3B361B7E7E9B0F6422B954ECA5D54CEC6EAB0880CB484AA6FDA4154331",
    );
  });

  it("encrypts the PHP SDK's JSON to the published ciphertext and back", () => {
    const plaintext = phpJson(SPEC_PAYLOAD);
    expect(encryptMessage(plaintext, id, SPEC_NONCE)).toBe(SPEC_MESSAGE);
    expect(decryptMessage(SPEC_MESSAGE, id, SPEC_NONCE)).toBe(plaintext);
  });
});

describe("synthetic vector (dummy keys)", () => {
  const keys = {
    a1: "0011223344556677",
    a2: "8899AABBCCDDEEFF",
    b1: "0123456789ABCDEF",
    b2: "FEDCBA9876543210",
  };
  const nonce =
    "NjM5MDAwMDAwMDAwMDAuMDpiM2NjMDQ3NWJiNzhhNTAyNjA5ODg1OGU5ODg5YWNmNjY2ZDMxMDYyZDUxM2QzMDMzMTRlY2EzMWQzNmU3MmYy";
  const plaintext =
    '{"ShopNo":"NA0000_001","OrderNo":"T20240101001","Amount":12300,"CurrencyID":"TWD","PayType":"A","ATMParam":{"ExpireDate":"20240110"},"PrdtName":"測試商品","ReturnURL":"https://shop.example/return","BackendURL":"https://shop.example/notify","Memo":""}';
  const payload = JSON.parse(plaintext) as Record<string, unknown>;
  const id = hashId(keys);

  it("derives HashID and IV", () => {
    expect(id).toBe("8888888888888888FFFFFFFFFFFFFFFF");
    expect(ivFromNonce(nonce)).toBe("B198DC39EEF9BD75");
  });

  it("drops the empty Memo and the nested ATMParam from the Sign", () => {
    expect(signString(payload)).toBe(
      "Amount=12300&BackendURL=https://shop.example/notify&CurrencyID=TWD&OrderNo=T20240101001&PayType=A&PrdtName=測試商品&ReturnURL=https://shop.example/return&ShopNo=NA0000_001",
    );
    expect(sign(payload, nonce, id)).toBe(
      "4F02279B5CDD589E8237A3AEA9512E3151A20FD48139D852F4F12ECA6FD9DCB0",
    );
  });

  it("encrypts the exact bytes to the known ciphertext prefix and length", () => {
    const message = encryptMessage(plaintext, id, nonce);
    expect(message).toMatch(/^2E0F6CFC6CF1CA6F8261A8F3EA1094AF7F7F93CD0D0578BE22F3E790DBDB8E8B/);
    expect(message).toHaveLength(512);
    expect(decryptMessage(message, id, nonce)).toBe(plaintext);
  });
});

describe("guards", () => {
  it("sorts keys case-insensitively and keeps 0 (unlike the PHP SDK's empty() filter)", () => {
    expect(signString({ b: 0, A: "x", c: " ", d: null, E: [1] })).toBe("A=x&b=0");
  });

  it("never gives back the plaintext under a wrong key or nonce; refuses non-hex", () => {
    const key = "8888888888888888FFFFFFFFFFFFFFFF";
    const message = encryptMessage('{"a":1}', key, "n1");
    const attempt = (k: string, n: string) => {
      try {
        return decryptMessage(message, k, n);
      } catch {
        return "refused";
      }
    };
    expect(attempt(key, "n1")).toBe('{"a":1}');
    expect(attempt(key, "n2")).not.toBe('{"a":1}');
    expect(attempt("9888888888888888FFFFFFFFFFFFFFFF", "n1")).not.toBe('{"a":1}');
    expect(() => decryptMessage("XYZ", key, "n1")).toThrow(/hex/);
  });

  it("compares Signs in constant time, case-insensitively", () => {
    expect(signsMatch("ABCD", "abcd")).toBe(true);
    expect(signsMatch("ABCD", "ABCE")).toBe(false);
    expect(signsMatch("ABCD", "ABC")).toBe(false);
  });

  it("rejects hash values that are not 16 hex characters", () => {
    expect(() => hashId({ a1: "XYZ", a2: "0", b1: "0", b2: "0" })).toThrow(/16 hex/);
  });
});
