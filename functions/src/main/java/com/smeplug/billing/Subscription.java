package com.smeplug.billing;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's subscription as we last learned it (from Checkout/webhooks in real mode, from the local ledger in
 * sample mode). {@code eventTime} orders updates: an older event never overwrites newer state.
 */
public record Subscription(
        String tenantId,
        String plan,
        List<String> plugIds,
        String status,
        Instant startedAt,
        String stripeCustomerId,
        String stripeSubscriptionId,
        boolean mockMode,
        long eventTime) {

    public boolean active() {
        return "active".equals(status);
    }
}
