-- AlterTable
ALTER TABLE "User" ADD COLUMN     "remindersByEmail" BOOLEAN NOT NULL DEFAULT true;

