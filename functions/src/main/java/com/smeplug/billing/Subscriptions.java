package com.smeplug.billing;

import java.util.Optional;

/** Billing's port for the other features: what a tenant is subscribed to right now. */
public interface Subscriptions {

    Optional<Subscription> current(String tenantId);
}
