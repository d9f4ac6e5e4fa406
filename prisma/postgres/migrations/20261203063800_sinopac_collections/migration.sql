-- AlterTable
ALTER TABLE "Order" ADD COLUMN     "payBy" TIMESTAMP(3),
ADD COLUMN     "providerAccount" TEXT;

-- CreateTable
CREATE TABLE "ProviderToken" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "settledAt" TIMESTAMP(3),
    "outcome" TEXT,
    "orderId" TEXT,

    CONSTRAINT "ProviderToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProviderToken_settledAt_receivedAt_idx" ON "ProviderToken"("settledAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderToken_provider_token_key" ON "ProviderToken"("provider", "token");

