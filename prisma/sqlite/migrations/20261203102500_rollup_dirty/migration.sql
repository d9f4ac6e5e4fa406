-- CreateTable
CREATE TABLE "RollupDirty" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "sourceKind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "RollupDirty_createdAt_idx" ON "RollupDirty"("createdAt");
