package com.smeplug.billing;

import java.util.List;
import java.util.Optional;

import com.smeplug.plugs.SubscribedPlugs;

/** Plugs' {@link SubscribedPlugs} port, answered from the tenant's subscription: its plugs count only while active. */
final class CatalogStanding implements SubscribedPlugs {

    private final Subscriptions subscriptions;

    CatalogStanding(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public Optional<Standing> of(String tenantId) {
        return subscriptions.current(tenantId).map(subscription -> new Standing(subscription.plan(),
                subscription.status(), subscription.active() ? subscription.plugIds() : List.of()));
    }
}
