-- AlterTable (a plain ADD COLUMN: SQLite accepts NOT NULL with a constant default, no table rebuild)
ALTER TABLE "User" ADD COLUMN "remindersByEmail" BOOLEAN NOT NULL DEFAULT true;
