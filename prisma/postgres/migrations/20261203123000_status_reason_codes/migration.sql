-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "attentionReasonCode" TEXT,
ADD COLUMN     "attentionReasonParams" TEXT;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "reasonCode" TEXT,
ADD COLUMN     "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN     "reasonCode" TEXT,
ADD COLUMN     "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "OrderStatusChange" ADD COLUMN     "reasonCode" TEXT,
ADD COLUMN     "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "SubscriptionStatusChange" ADD COLUMN     "reasonCode" TEXT,
ADD COLUMN     "reasonParams" TEXT;

