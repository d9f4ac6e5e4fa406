-- CreateEnum
CREATE TYPE "CaptureMode" AS ENUM ('AUTOMATIC', 'MANUAL');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "OrderStatus" ADD VALUE 'AUTHORIZED' BEFORE 'PAID';
ALTER TYPE "OrderStatus" ADD VALUE 'VOIDED' BEFORE 'PAID';

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "captureMode" "CaptureMode" NOT NULL DEFAULT 'AUTOMATIC';

