-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "rebindOrderId" TEXT,
ADD COLUMN     "regKeyCheckedPeriod" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_rebindOrderId_key" ON "Subscription"("rebindOrderId");

