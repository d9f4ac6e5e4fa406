-- CreateEnum
CREATE TYPE "OrderKind" AS ENUM ('ONE_TIME', 'SUBSCRIPTION_START', 'SUBSCRIPTION_REBIND');

-- CreateEnum
CREATE TYPE "BillingInterval" AS ENUM ('MONTH', 'YEAR');

-- CreateEnum
CREATE TYPE "SubscriptionStatus" AS ENUM ('INCOMPLETE', 'ACTIVE', 'PAST_DUE', 'NEEDS_REBIND', 'CANCELED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "BillingPeriodStatus" AS ENUM ('OPEN', 'PAID', 'UNPAID');

-- CreateEnum
CREATE TYPE "ChargeAttemptStatus" AS ENUM ('PENDING', 'SUCCEEDED', 'DECLINED', 'REGKEY_DEAD', 'UNKNOWN', 'NOT_CHARGED');

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "billingInterval" "BillingInterval";

-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "kind" "OrderKind" NOT NULL DEFAULT 'ONE_TIME',
ADD COLUMN     "subscriptionId" TEXT;

-- AlterTable
ALTER TABLE "PaymentEvent" ADD COLUMN     "chargeAttemptId" TEXT,
ADD COLUMN     "subscriptionId" TEXT;

-- CreateTable
CREATE TABLE "Subscription" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" "SubscriptionStatus" NOT NULL DEFAULT 'INCOMPLETE',
    "liveKey" TEXT,
    "interval" "BillingInterval" NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "anchorAt" TIMESTAMP(3),
    "currentPeriodIndex" INTEGER NOT NULL DEFAULT 0,
    "currentPeriodStart" TIMESTAMP(3),
    "currentPeriodEnd" TIMESTAMP(3),
    "nextActionAt" TIMESTAMP(3),
    "graceUntil" TIMESTAMP(3),
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "canceledAt" TIMESTAMP(3),
    "endedAt" TIMESTAMP(3),
    "regKeyCiphertext" TEXT,
    "regKeyKeyId" TEXT,
    "regKeyHint" TEXT,
    "claimedBy" TEXT,
    "claimUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Subscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubscriptionStatusChange" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "fromStatus" "SubscriptionStatus" NOT NULL,
    "toStatus" "SubscriptionStatus" NOT NULL,
    "actor" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubscriptionStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BillingPeriod" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "periodIndex" INTEGER NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "BillingPeriodStatus" NOT NULL DEFAULT 'OPEN',
    "paidAt" TIMESTAMP(3),
    "paidByOrderId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BillingPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChargeAttempt" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "attemptNumber" INTEGER NOT NULL,
    "orderId" TEXT NOT NULL,
    "status" "ChargeAttemptStatus" NOT NULL DEFAULT 'PENDING',
    "paidPeriodKey" TEXT,
    "transactionId" TEXT,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "returnCode" TEXT,
    "returnMessage" TEXT,
    "settledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChargeAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RenewalRun" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "runnerId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "due" INTEGER NOT NULL DEFAULT 0,
    "charged" INTEGER NOT NULL DEFAULT 0,
    "declined" INTEGER NOT NULL DEFAULT 0,
    "rebind" INTEGER NOT NULL DEFAULT 0,
    "unknown" INTEGER NOT NULL DEFAULT 0,
    "expired" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER,

    CONSTRAINT "RenewalRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TestClock" (
    "id" INTEGER NOT NULL,
    "offsetMs" BIGINT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestClock_pkey" PRIMARY KEY ("id")
);

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
CREATE INDEX "Order_subscriptionId_idx" ON "Order"("subscriptionId");

-- CreateIndex
CREATE INDEX "PaymentEvent_subscriptionId_createdAt_idx" ON "PaymentEvent"("subscriptionId", "createdAt");

-- AddForeignKey
ALTER TABLE "Order" ADD CONSTRAINT "Order_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Subscription" ADD CONSTRAINT "Subscription_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubscriptionStatusChange" ADD CONSTRAINT "SubscriptionStatusChange_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BillingPeriod" ADD CONSTRAINT "BillingPeriod_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "Subscription"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChargeAttempt" ADD CONSTRAINT "ChargeAttempt_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "BillingPeriod"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

