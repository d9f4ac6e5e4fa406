// Default returnMessage for a scripted returnCode: LINE's English wording (paraphrased where the
// docs vary) for the codes tests script most, so clients that log or match messages see text
// close to production.

const MESSAGES: Record<string, string> = {
  "0000": "Success.",
  "1101": "A purchaser status error.",
  "1102": "The purchaser is currently unable to transact.",
  "1104": "Merchant not found.",
  "1105": "This merchant cannot use LINE Pay.",
  "1106": "Header information error.",
  "1110": "The credit card cannot be used.",
  "1124": "Error in Amount info.",
  "1141": "Payment account status error.",
  "1142": "Insufficient balance remains.",
  "1145": "Payment is in progress.",
  "1150": "Transaction record not found.",
  "1152": "Duplicate transaction: the same transactionId already exists.",
  "1153": "The amount differs from the requested amount.",
  "1159": "No payment request information.",
  "1169": "Payment has not been authenticated by the user yet.",
  "1170": "The member's account balance changed during processing.",
  "1172": "Existing same orderId.",
  "1180": "Payment time expired.",
  "1190": "regKey does not exist.",
  "1193": "regKey has expired.",
  "1194": "This merchant cannot use preapproved payments.",
  "1197": "A payment with this regKey is already being processed.",
  "1198": "Duplicate API call: a request is still being processed.",
  "1199": "Internal request error.",
  "1280": "A temporary error occurred while processing the credit card payment.",
  "1281": "Credit card payment error.",
  "1282": "Credit card authorization error.",
  "1283": "The payment was refused on suspicion of fraud.",
  "1284": "Credit card payment is temporarily suspended.",
  "1285": "Credit card payment information is missing.",
  "1286": "Credit card payment information is incorrect.",
  "1287": "The credit card has expired.",
  "1288": "Insufficient credit card balance.",
  "1289": "The credit card limit has been exceeded.",
  "1290": "The credit card's per-transaction limit has been exceeded.",
  "1291": "The credit card has been reported stolen.",
  "1292": "The credit card has been suspended.",
  "1293": "Invalid CVN.",
  "1294": "The credit card is blacklisted.",
  "1295": "Invalid credit card number.",
  "1296": "The amount cannot be processed.",
  "1298": "The credit card was declined.",
  "1900": "Temporary error. Please try again later.",
  "1902": "Temporary error. Please try again later.",
  "1999": "The request differs from the original request.",
  "2101": "Parameter error.",
  "2102": "JSON data format error.",
  "9000": "Internal error.",
};

export const FALLBACK_RETURN_MESSAGE = "Scripted by the sandbox";

export function defaultReturnMessage(returnCode: string): string {
  return MESSAGES[returnCode] ?? FALLBACK_RETURN_MESSAGE;
}
