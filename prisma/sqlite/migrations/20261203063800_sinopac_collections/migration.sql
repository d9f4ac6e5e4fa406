-- AlterTable
ALTER TABLE "Order" ADD COLUMN "payBy" DATETIME;
ALTER TABLE "Order" ADD COLUMN "providerAccount" TEXT;

-- CreateTable
CREATE TABLE "ProviderToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "provider" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL,
    "settledAt" DATETIME,
    "outcome" TEXT,
    "orderId" TEXT
);

-- CreateIndex
CREATE INDEX "ProviderToken_settledAt_receivedAt_idx" ON "ProviderToken"("settledAt", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderToken_provider_token_key" ON "ProviderToken"("provider", "token");

