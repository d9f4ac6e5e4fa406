-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Order" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "orderId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'ONE_TIME',
    "subscriptionId" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "provider" TEXT NOT NULL DEFAULT 'LINEPAY',
    "transactionId" TEXT,
    "paymentUrl" TEXT,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "refundPendingMinor" INTEGER NOT NULL DEFAULT 0,
    "reconcileChecks" INTEGER NOT NULL DEFAULT 0,
    "reconcileAfter" DATETIME,
    "attentionSince" DATETIME,
    "attentionReason" TEXT,
    "paidAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Order" ("amountMinor", "attentionReason", "attentionSince", "createdAt", "currency", "failureCode", "failureMessage", "id", "kind", "orderId", "paidAt", "paymentUrl", "planId", "reconcileAfter", "reconcileChecks", "refundPendingMinor", "refundedMinor", "status", "subscriptionId", "transactionId", "updatedAt", "userId") SELECT "amountMinor", "attentionReason", "attentionSince", "createdAt", "currency", "failureCode", "failureMessage", "id", "kind", "orderId", "paidAt", "paymentUrl", "planId", "reconcileAfter", "reconcileChecks", "refundPendingMinor", "refundedMinor", "status", "subscriptionId", "transactionId", "updatedAt", "userId" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_orderId_key" ON "Order"("orderId");
CREATE UNIQUE INDEX "Order_transactionId_key" ON "Order"("transactionId");
CREATE INDEX "Order_userId_createdAt_idx" ON "Order"("userId", "createdAt");
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");
CREATE INDEX "Order_subscriptionId_idx" ON "Order"("subscriptionId");
CREATE INDEX "Order_createdAt_id_idx" ON "Order"("createdAt", "id");
CREATE INDEX "Order_amountMinor_id_idx" ON "Order"("amountMinor", "id");
CREATE INDEX "Order_refundPendingMinor_idx" ON "Order"("refundPendingMinor");
CREATE INDEX "Order_attentionSince_idx" ON "Order"("attentionSince");
CREATE TABLE "new_Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'INCOMPLETE',
    "provider" TEXT NOT NULL DEFAULT 'LINEPAY',
    "liveKey" TEXT,
    "interval" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "anchorAt" DATETIME,
    "currentPeriodIndex" INTEGER NOT NULL DEFAULT 0,
    "currentPeriodStart" DATETIME,
    "currentPeriodEnd" DATETIME,
    "nextActionAt" DATETIME,
    "graceUntil" DATETIME,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "canceledAt" DATETIME,
    "endedAt" DATETIME,
    "regKeyCiphertext" TEXT,
    "regKeyKeyId" TEXT,
    "regKeyHint" TEXT,
    "claimedBy" TEXT,
    "claimUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Subscription_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Subscription" ("amountMinor", "anchorAt", "cancelAtPeriodEnd", "canceledAt", "claimUntil", "claimedBy", "createdAt", "currency", "currentPeriodEnd", "currentPeriodIndex", "currentPeriodStart", "endedAt", "graceUntil", "id", "interval", "liveKey", "nextActionAt", "planId", "regKeyCiphertext", "regKeyHint", "regKeyKeyId", "status", "updatedAt", "userId") SELECT "amountMinor", "anchorAt", "cancelAtPeriodEnd", "canceledAt", "claimUntil", "claimedBy", "createdAt", "currency", "currentPeriodEnd", "currentPeriodIndex", "currentPeriodStart", "endedAt", "graceUntil", "id", "interval", "liveKey", "nextActionAt", "planId", "regKeyCiphertext", "regKeyHint", "regKeyKeyId", "status", "updatedAt", "userId" FROM "Subscription";
DROP TABLE "Subscription";
ALTER TABLE "new_Subscription" RENAME TO "Subscription";
CREATE UNIQUE INDEX "Subscription_liveKey_key" ON "Subscription"("liveKey");
CREATE INDEX "Subscription_userId_createdAt_idx" ON "Subscription"("userId", "createdAt");
CREATE INDEX "Subscription_nextActionAt_idx" ON "Subscription"("nextActionAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

