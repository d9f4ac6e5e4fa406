-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "rebindOrderId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Subscription_rebindOrderId_key" ON "Subscription"("rebindOrderId");

