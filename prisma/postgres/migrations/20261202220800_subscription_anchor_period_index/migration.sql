-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN     "anchorPeriodIndex" INTEGER NOT NULL DEFAULT 0;

