-- CreateTable
CREATE TABLE "RevenueDay" (
    "currency" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "grossMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "renewalsCharged" INTEGER NOT NULL DEFAULT 0,
    "renewalsFailed" INTEGER NOT NULL DEFAULT 0,
    "newSubscribers" INTEGER NOT NULL DEFAULT 0,
    "churnedVoluntary" INTEGER NOT NULL DEFAULT 0,
    "churnedFailed" INTEGER NOT NULL DEFAULT 0,
    "activeDelta" INTEGER NOT NULL DEFAULT 0,
    "mrrDeltaMinor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RevenueDay_pkey" PRIMARY KEY ("currency","day")
);

-- CreateTable
CREATE TABLE "RevenueShare" (
    "sourceId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "grossMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,
    "renewalsCharged" INTEGER NOT NULL DEFAULT 0,
    "renewalsFailed" INTEGER NOT NULL DEFAULT 0,
    "newSubscribers" INTEGER NOT NULL DEFAULT 0,
    "churnedVoluntary" INTEGER NOT NULL DEFAULT 0,
    "churnedFailed" INTEGER NOT NULL DEFAULT 0,
    "activeDelta" INTEGER NOT NULL DEFAULT 0,
    "mrrDeltaMinor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RevenueShare_pkey" PRIMARY KEY ("sourceId","currency","day")
);

-- CreateTable
CREATE TABLE "RevenueCoverage" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "monthlyValueMinor" INTEGER NOT NULL,

    CONSTRAINT "RevenueCoverage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RevenueCoverage_subscriptionId_idx" ON "RevenueCoverage"("subscriptionId");

-- CreateIndex
CREATE INDEX "RevenueCoverage_currency_startsAt_idx" ON "RevenueCoverage"("currency", "startsAt");

-- CreateIndex
CREATE INDEX "RevenueCoverage_currency_endsAt_idx" ON "RevenueCoverage"("currency", "endsAt");

