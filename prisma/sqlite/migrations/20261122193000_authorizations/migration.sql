-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "priceMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "durationDays" INTEGER NOT NULL,
    "billingInterval" TEXT,
    "captureMode" TEXT NOT NULL DEFAULT 'AUTOMATIC',
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_Plan" ("billingInterval", "code", "createdAt", "currency", "description", "durationDays", "id", "isActive", "kind", "name", "priceMinor", "sortOrder", "updatedAt") SELECT "billingInterval", "code", "createdAt", "currency", "description", "durationDays", "id", "isActive", "kind", "name", "priceMinor", "sortOrder", "updatedAt" FROM "Plan";
DROP TABLE "Plan";
ALTER TABLE "new_Plan" RENAME TO "Plan";
CREATE UNIQUE INDEX "Plan_code_key" ON "Plan"("code");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

