-- AlterTable
ALTER TABLE "Refund" ADD COLUMN     "portalReference" TEXT,
ADD COLUMN     "recordedManually" BOOLEAN NOT NULL DEFAULT false;

