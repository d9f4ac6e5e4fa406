-- AlterTable
ALTER TABLE "Order" ADD COLUMN "attentionReasonCode" TEXT;
ALTER TABLE "Order" ADD COLUMN "attentionReasonParams" TEXT;

-- AlterTable
ALTER TABLE "Refund" ADD COLUMN "reasonCode" TEXT;
ALTER TABLE "Refund" ADD COLUMN "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "AuditEntry" ADD COLUMN "reasonCode" TEXT;
ALTER TABLE "AuditEntry" ADD COLUMN "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "OrderStatusChange" ADD COLUMN "reasonCode" TEXT;
ALTER TABLE "OrderStatusChange" ADD COLUMN "reasonParams" TEXT;

-- AlterTable
ALTER TABLE "SubscriptionStatusChange" ADD COLUMN "reasonCode" TEXT;
ALTER TABLE "SubscriptionStatusChange" ADD COLUMN "reasonParams" TEXT;

