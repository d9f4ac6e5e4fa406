-- Renewal charges become orders (kind RENEWAL) from now on: this gives every earlier charge attempt
-- its order too, in the status its outcome means, so the back office lists and refunds them all.
INSERT INTO "Order" ("id", "orderId", "userId", "planId", "kind", "subscriptionId", "amountMinor", "currency", "status", "transactionId",
    "failureCode", "failureMessage", "refundedMinor", "refundPendingMinor", "paidAt", "createdAt", "updatedAt")
SELECT 'ro' || a."id", a."orderId", s."userId", s."planId", 'RENEWAL'::"OrderKind", s."id", a."amountMinor", a."currency",
    (CASE a."status"::text WHEN 'SUCCEEDED' THEN 'PAID' WHEN 'UNKNOWN' THEN 'UNKNOWN' WHEN 'PENDING' THEN 'CONFIRMING' ELSE 'FAILED' END)::"OrderStatus",
    a."transactionId",
    CASE WHEN a."status"::text IN ('DECLINED', 'REGKEY_DEAD') THEN a."returnCode" END,
    CASE WHEN a."status"::text IN ('DECLINED', 'REGKEY_DEAD', 'NOT_CHARGED') THEN a."returnMessage" END,
    0, 0, CASE WHEN a."status"::text = 'SUCCEEDED' THEN a."settledAt" END, a."createdAt", a."updatedAt"
FROM "ChargeAttempt" a
JOIN "BillingPeriod" p ON p."id" = a."periodId"
JOIN "Subscription" s ON s."id" = p."subscriptionId"
WHERE NOT EXISTS (SELECT 1 FROM "Order" o WHERE o."orderId" = a."orderId");
