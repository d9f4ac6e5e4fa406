-- AlterTable
ALTER TABLE "Plan" ADD COLUMN "billingInterval" TEXT;

-- AlterTable
ALTER TABLE "PaymentEvent" ADD COLUMN "chargeAttemptId" TEXT;
ALTER TABLE "PaymentEvent" ADD COLUMN "subscriptionId" TEXT;

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'INCOMPLETE',
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

-- CreateTable
CREATE TABLE "SubscriptionStatusChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "fromStatus" TEXT NOT NULL,
    "toStatus" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SubscriptionStatusChange_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BillingPeriod" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "periodIndex" INTEGER NOT NULL,
    "startsAt" DATETIME NOT NULL,
    "endsAt" DATETIME NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "paidAt" DATETIME,
    "paidByOrderId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "BillingPeriod_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChargeAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "periodId" TEXT NOT NULL,
    "attemptNumber" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "paidPeriodKey" TEXT,
    "transactionId" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "returnCode" TEXT,
    "returnMessage" TEXT,
    "settledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChargeAttempt_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "BillingPeriod" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RenewalRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "trigger" TEXT NOT NULL,
    "runnerId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "due" INTEGER NOT NULL DEFAULT 0,
    "charged" INTEGER NOT NULL DEFAULT 0,
    "declined" INTEGER NOT NULL DEFAULT 0,
    "rebind" INTEGER NOT NULL DEFAULT 0,
    "unknown" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER
);

-- CreateTable
CREATE TABLE "TestClock" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "offsetMs" BIGINT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

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
    "transactionId" TEXT,
    "paymentUrl" TEXT,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "paidAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Order_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Order_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Order" ("amountMinor", "createdAt", "currency", "failureCode", "failureMessage", "id", "orderId", "paidAt", "paymentUrl", "planId", "refundedMinor", "status", "transactionId", "updatedAt", "userId") SELECT "amountMinor", "createdAt", "currency", "failureCode", "failureMessage", "id", "orderId", "paidAt", "paymentUrl", "planId", "refundedMinor", "status", "transactionId", "updatedAt", "userId" FROM "Order";
DROP TABLE "Order";
ALTER TABLE "new_Order" RENAME TO "Order";
CREATE UNIQUE INDEX "Order_orderId_key" ON "Order"("orderId");
CREATE UNIQUE INDEX "Order_transactionId_key" ON "Order"("transactionId");
CREATE INDEX "Order_userId_createdAt_idx" ON "Order"("userId", "createdAt");
CREATE INDEX "Order_status_createdAt_idx" ON "Order"("status", "createdAt");
CREATE INDEX "Order_subscriptionId_idx" ON "Order"("subscriptionId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_liveKey_key" ON "Subscription"("liveKey");

-- CreateIndex
CREATE INDEX "Subscription_userId_createdAt_idx" ON "Subscription"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Subscription_nextActionAt_idx" ON "Subscription"("nextActionAt");

-- CreateIndex
CREATE INDEX "SubscriptionStatusChange_subscriptionId_createdAt_idx" ON "SubscriptionStatusChange"("subscriptionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "BillingPeriod_paidByOrderId_key" ON "BillingPeriod"("paidByOrderId");

-- CreateIndex
CREATE UNIQUE INDEX "BillingPeriod_subscriptionId_periodIndex_key" ON "BillingPeriod"("subscriptionId", "periodIndex");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_orderId_key" ON "ChargeAttempt"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_paidPeriodKey_key" ON "ChargeAttempt"("paidPeriodKey");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_transactionId_key" ON "ChargeAttempt"("transactionId");

-- CreateIndex
CREATE INDEX "ChargeAttempt_status_idx" ON "ChargeAttempt"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ChargeAttempt_periodId_attemptNumber_key" ON "ChargeAttempt"("periodId", "attemptNumber");

-- CreateIndex
CREATE INDEX "RenewalRun_startedAt_idx" ON "RenewalRun"("startedAt");

-- CreateIndex
CREATE INDEX "PaymentEvent_subscriptionId_createdAt_idx" ON "PaymentEvent"("subscriptionId", "createdAt");

