-- AlterTable
ALTER TABLE "User" ADD COLUMN "locale" TEXT;

-- CreateTable
CREATE TABLE "Notice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "dedupeKey" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'EMAIL',
    "locale" TEXT NOT NULL,
    "orderId" TEXT,
    "subscriptionId" TEXT,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "lastError" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Notice_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NoticeAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "noticeId" TEXT NOT NULL,
    "senderId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME NOT NULL,
    "outcome" TEXT NOT NULL,
    "detail" TEXT,
    CONSTRAINT "NoticeAttempt_noticeId_fkey" FOREIGN KEY ("noticeId") REFERENCES "Notice" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Notice_dedupeKey_key" ON "Notice"("dedupeKey");

-- CreateIndex
CREATE UNIQUE INDEX "Notice_messageId_key" ON "Notice"("messageId");

-- CreateIndex
CREATE INDEX "Notice_state_nextAttemptAt_idx" ON "Notice"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "Notice_orderId_idx" ON "Notice"("orderId");

-- CreateIndex
CREATE INDEX "Notice_subscriptionId_idx" ON "Notice"("subscriptionId");

-- CreateIndex
CREATE INDEX "NoticeAttempt_noticeId_startedAt_idx" ON "NoticeAttempt"("noticeId", "startedAt");

