package com.smeplug.billing;

import java.time.Instant;
import java.util.List;

import com.smeplug.platform.aws.Table;

/**
 * Billing's port for the sample tenants' seeder: opens a tenant's subscription on the sample ledger (active, labelled
 * mock mode, its period following from {@code startedAt}), so the seeder never writes billing's store itself.
 */
public interface SampleSubscriptions {

    void open(String tenantId, String plan, List<String> plugIds, Instant startedAt);

    /** The subscriptions kept in {@code table}, as every function reads them. */
    static SampleSubscriptions in(Table table) {
        SubscriptionStore store = new SubscriptionStore(table);
        return (tenantId, plan, plugIds, startedAt) -> store.put(new Subscription(tenantId, plan, plugIds,
                Subscription.ACTIVE, startedAt, null, null, true, startedAt.getEpochSecond()));
    }
}
