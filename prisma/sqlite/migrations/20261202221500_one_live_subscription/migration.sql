-- AlterTable
ALTER TABLE "Subscription" ADD COLUMN "pendingAmountMinor" INTEGER;
ALTER TABLE "Subscription" ADD COLUMN "pendingChangeAt" DATETIME;
ALTER TABLE "Subscription" ADD COLUMN "pendingInterval" TEXT;
ALTER TABLE "Subscription" ADD COLUMN "pendingPlanId" TEXT;


-- One live subscription per shopper: "liveKey" (unique) becomes the userId instead of
-- "userId:planId". A shopper who already holds two or more live subscriptions keeps every one of
-- them (each was paid for, none is cancelled here): the oldest paying one takes the userId, each
-- other keeps running and billing under "duplicate:<id>", and an audit entry
-- (subscription.duplicate_live) flags it for the admin to settle with the shopper. No new pair can
-- be made: every new subscription's liveKey is its userId.
UPDATE "Subscription" SET "liveKey" = "userId"
WHERE "liveKey" IS NOT NULL AND "id" = (
  SELECT s2."id" FROM "Subscription" s2
  WHERE s2."userId" = "Subscription"."userId" AND s2."liveKey" IS NOT NULL
  ORDER BY CASE s2."status" WHEN 'INCOMPLETE' THEN 1 ELSE 0 END, s2."createdAt", s2."id"
  LIMIT 1
);

INSERT INTO "AuditEntry" ("id", "actor", "actorLabel", "action", "targetType", "targetId", "reason", "before", "after", "createdAt")
SELECT 'duplicate-live-' || "id", 'system:migration', 'One-subscription migration',
  'subscription.duplicate_live', 'SUBSCRIPTION', "id",
  'The shopper held another live subscription before the one-subscription rule: this one keeps running and billing until it is cancelled. Settle it with the shopper.',
  '{"liveKey":"' || "liveKey" || '"}', '{"liveKey":"duplicate:' || "id" || '"}', strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
FROM "Subscription" WHERE "liveKey" IS NOT NULL AND "liveKey" <> "userId";

UPDATE "Subscription" SET "liveKey" = 'duplicate:' || "id"
WHERE "liveKey" IS NOT NULL AND "liveKey" <> "userId";
