-- AlterTable (plain ADD COLUMNs: SQLite accepts NOT NULL with a constant default, no table rebuild)
ALTER TABLE "User" ADD COLUMN "noticesByEmail" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "User" ADD COLUMN "noticesByLine" BOOLEAN NOT NULL DEFAULT false;
