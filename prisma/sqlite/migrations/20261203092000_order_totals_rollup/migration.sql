-- AlterTable
ALTER TABLE "Order" ADD COLUMN "countedRefundedMinor" INTEGER;
ALTER TABLE "Order" ADD COLUMN "countedStatus" TEXT;

-- CreateTable
CREATE TABLE "OrderTotalsDay" (
    "currency" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("currency", "day", "status", "kind")
);

-- CreateTable
CREATE TABLE "OrderTotalsMonth" (
    "currency" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("currency", "month", "status", "kind")
);

-- CreateIndex
CREATE INDEX "Order_countedStatus_idx" ON "Order"("countedStatus");

