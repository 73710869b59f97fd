package com.smeplug.integrations.connector;

import com.smeplug.platform.Provenance;
import com.smeplug.platform.tenant.Tenant;

/**
 * One outside system (or its built-in sample stand-in) that holds a tenant's records of type {@code R}.
 * {@link #reference} names what the tenant is mapped to there (account, plant) and throws {@code 404 not_connected}
 * when it is mapped to nothing; {@link #fetch} reads the records now, throwing
 * {@link com.smeplug.integrations.upstream.UpstreamFailure} when the system fails.
 */
public interface Connector<R> extends Provenance {

    String reference(Tenant tenant);

    R fetch(Tenant tenant);

    /** Which source answers for this tenant (a connector that routes per tenant overrides this). */
    default String source(Tenant tenant) {
        return source();
    }

    default boolean mockMode(Tenant tenant) {
        return SAMPLE.equals(source(tenant));
    }
}
