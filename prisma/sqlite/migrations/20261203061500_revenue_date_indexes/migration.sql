-- CreateIndex
CREATE INDEX "Order_currency_paidAt_status_kind_amountMinor_idx" ON "Order"("currency", "paidAt", "status", "kind", "amountMinor");

-- CreateIndex
CREATE INDEX "Refund_currency_settledAt_status_amountMinor_idx" ON "Refund"("currency", "settledAt", "status", "amountMinor");

-- CreateIndex
CREATE INDEX "Subscription_currency_anchorAt_idx" ON "Subscription"("currency", "anchorAt");

-- CreateIndex
CREATE INDEX "Subscription_currency_endedAt_idx" ON "Subscription"("currency", "endedAt");

-- CreateIndex
CREATE INDEX "BillingPeriod_currency_status_endsAt_startsAt_subscriptionId_idx" ON "BillingPeriod"("currency", "status", "endsAt", "startsAt", "subscriptionId");

-- CreateIndex
CREATE INDEX "ChargeAttempt_currency_settledAt_status_amountMinor_idx" ON "ChargeAttempt"("currency", "settledAt", "status", "amountMinor");

