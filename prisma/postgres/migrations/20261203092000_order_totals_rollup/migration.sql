-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "countedRefundedMinor" INTEGER,
ADD COLUMN     "countedStatus" "OrderStatus";

-- CreateTable
CREATE TABLE "OrderTotalsDay" (
    "currency" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "kind" "OrderKind" NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrderTotalsDay_pkey" PRIMARY KEY ("currency","day","status","kind")
);

-- CreateTable
CREATE TABLE "OrderTotalsMonth" (
    "currency" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "status" "OrderStatus" NOT NULL,
    "kind" "OrderKind" NOT NULL,
    "orders" INTEGER NOT NULL DEFAULT 0,
    "amountMinor" INTEGER NOT NULL DEFAULT 0,
    "refundedMinor" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrderTotalsMonth_pkey" PRIMARY KEY ("currency","month","status","kind")
);

-- CreateIndex
CREATE INDEX "Order_countedStatus_idx" ON "Order"("countedStatus");

