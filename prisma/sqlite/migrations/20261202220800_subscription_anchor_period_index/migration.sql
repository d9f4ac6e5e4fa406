-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Subscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'INCOMPLETE',
    "provider" TEXT NOT NULL DEFAULT 'LINEPAY',
    "liveKey" TEXT,
    "interval" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "anchorAt" DATETIME,
    "anchorPeriodIndex" INTEGER NOT NULL DEFAULT 0,
    "currentPeriodIndex" INTEGER NOT NULL DEFAULT 0,
    "currentPeriodStart" DATETIME,
    "currentPeriodEnd" DATETIME,
    "nextActionAt" DATETIME,
    "graceUntil" DATETIME,
    "cancelAtPeriodEnd" BOOLEAN NOT NULL DEFAULT false,
    "canceledAt" DATETIME,
    "endedAt" DATETIME,
    "regKeyCiphertext" TEXT,
    "regKeyKeyId" TEXT,
    "regKeyHint" TEXT,
    "claimedBy" TEXT,
    "claimUntil" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Subscription_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Subscription_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Subscription" ("amountMinor", "anchorAt", "cancelAtPeriodEnd", "canceledAt", "claimUntil", "claimedBy", "createdAt", "currency", "currentPeriodEnd", "currentPeriodIndex", "currentPeriodStart", "endedAt", "graceUntil", "id", "interval", "liveKey", "nextActionAt", "planId", "provider", "regKeyCiphertext", "regKeyHint", "regKeyKeyId", "status", "updatedAt", "userId") SELECT "amountMinor", "anchorAt", "cancelAtPeriodEnd", "canceledAt", "claimUntil", "claimedBy", "createdAt", "currency", "currentPeriodEnd", "currentPeriodIndex", "currentPeriodStart", "endedAt", "graceUntil", "id", "interval", "liveKey", "nextActionAt", "planId", "provider", "regKeyCiphertext", "regKeyHint", "regKeyKeyId", "status", "updatedAt", "userId" FROM "Subscription";
DROP TABLE "Subscription";
ALTER TABLE "new_Subscription" RENAME TO "Subscription";
CREATE UNIQUE INDEX "Subscription_liveKey_key" ON "Subscription"("liveKey");
CREATE INDEX "Subscription_userId_createdAt_idx" ON "Subscription"("userId", "createdAt");
CREATE INDEX "Subscription_nextActionAt_idx" ON "Subscription"("nextActionAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

