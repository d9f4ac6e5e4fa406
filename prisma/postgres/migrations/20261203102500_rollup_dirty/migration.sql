-- CreateTable
CREATE TABLE "RollupDirty" (
    "id" TEXT NOT NULL,
    "sourceKind" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RollupDirty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RollupDirty_createdAt_idx" ON "RollupDirty"("createdAt");
