package com.smeplug.billing;

import java.time.Instant;

/**
 * Billing's port to usage, for billing usage: how many questions a tenant asked past its quota within a time range
 * (each is one overage unit, timestamped when answered, as a Stripe meter event is). Usage implements it.
 */
public interface OverageUsage {

    long overageQueries(String tenantId, Instant from, Instant until);

    OverageUsage NONE = (tenantId, from, until) -> 0;
}
