-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "provider" TEXT NOT NULL DEFAULT 'LINEPAY';

-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "provider" TEXT NOT NULL DEFAULT 'LINEPAY';

