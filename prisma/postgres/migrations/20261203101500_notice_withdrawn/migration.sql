-- AlterEnum
ALTER TYPE "NoticeState" ADD VALUE 'WITHDRAWN';
