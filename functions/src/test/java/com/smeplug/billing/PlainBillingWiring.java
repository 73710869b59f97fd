package com.smeplug.billing;

import com.smeplug.platform.aws.Table;

/**
 * Billing's subscriptions in the table, wired by hand as {@link BillingCoreConfiguration} wires them, for tests and
 * benchmarks in other packages.
 */
public final class PlainBillingWiring {

    private PlainBillingWiring() {
    }

    /** The {@link Subscriptions} port over the table, as every function reads it. */
    public static Subscriptions subscriptions(Table table) {
        return new SubscriptionStore(table);
    }

    /** Stores {@code subscription} as billing's webhooks and ledger would have left it. */
    public static void store(Table table, Subscription subscription) {
        new SubscriptionStore(table).put(subscription);
    }
}
