package com.smeplug.usage;

import com.smeplug.billing.Plans;
import com.smeplug.billing.Subscription;
import com.smeplug.billing.Subscriptions;

/**
 * A tenant's monthly query quota: its billed subscription's plan quota (active, or past due: whether a past-due tenant
 * may still ask is billing's {@code Entitlements} to say), 0 without one.
 */
final class Quotas {

    private final Subscriptions subscriptions;
    private final Plans plans;

    Quotas(Subscriptions subscriptions, Plans plans) {
        this.subscriptions = subscriptions;
        this.plans = plans;
    }

    /** {@code overage}: questions past {@code limit} are answered and billed instead of refused. */
    record Quota(String plan, long limit, boolean overage) {
    }

    Quota of(String tenantId) {
        return subscriptions.current(tenantId)
                .filter(Subscription::billable)
                .flatMap(subscription -> plans.find(subscription.plan()))
                .map(plan -> new Quota(plan.name(), plan.monthlyQueryQuota(), plan.overage()))
                .orElse(new Quota(null, 0, false));
    }

    Plans plans() {
        return plans;
    }
}
