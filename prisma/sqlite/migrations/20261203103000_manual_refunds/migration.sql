-- AlterTable (plain ADD COLUMNs: SQLite accepts NOT NULL with a constant default, no table rebuild)
ALTER TABLE "Refund" ADD COLUMN "portalReference" TEXT;
ALTER TABLE "Refund" ADD COLUMN "recordedManually" BOOLEAN NOT NULL DEFAULT false;
