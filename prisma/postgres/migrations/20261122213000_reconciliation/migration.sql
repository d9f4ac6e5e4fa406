-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attentionReason" TEXT,
ADD COLUMN     "attentionSince" TIMESTAMP(3),
ADD COLUMN     "reconcileAfter" TIMESTAMP(3),
ADD COLUMN     "reconcileChecks" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ReconciliationRun" (
    "id" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "runnerId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "checked" INTEGER NOT NULL DEFAULT 0,
    "settled" INTEGER NOT NULL DEFAULT 0,
    "stillOpen" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "errors" INTEGER NOT NULL DEFAULT 0,
    "durationMs" INTEGER,

    CONSTRAINT "ReconciliationRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ReconciliationRun_startedAt_idx" ON "ReconciliationRun"("startedAt");

-- CreateIndex
CREATE INDEX "Order_refundPendingMinor_idx" ON "Order"("refundPendingMinor");

-- CreateIndex
CREATE INDEX "Order_attentionSince_idx" ON "Order"("attentionSince");

