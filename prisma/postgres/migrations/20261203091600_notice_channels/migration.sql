-- AlterTable
ALTER TABLE "User" ADD COLUMN     "noticesByEmail" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "noticesByLine" BOOLEAN NOT NULL DEFAULT false;

