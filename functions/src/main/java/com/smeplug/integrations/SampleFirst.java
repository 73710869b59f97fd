package com.smeplug.integrations;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.connector.SampleConnector;
import com.smeplug.platform.tenant.Tenant;

/**
 * With real connections enabled, the sample tenants keep their labelled sample connection; every other tenant goes
 * to {@code real}.
 */
final class SampleFirst<R> implements Connector<R> {

    private final SampleConnector<?, R> sample;
    private final Connector<R> real;

    SampleFirst(SampleConnector<?, R> sample, Connector<R> real) {
        this.sample = sample;
        this.real = real;
    }

    private Connector<R> pick(Tenant tenant) {
        return sample.serves(tenant) ? sample : real;
    }

    @Override
    public String source() {
        return real.source();
    }

    @Override
    public String source(Tenant tenant) {
        return pick(tenant).source(tenant);
    }

    @Override
    public String reference(Tenant tenant) {
        return pick(tenant).reference(tenant);
    }

    @Override
    public R fetch(Tenant tenant) {
        return pick(tenant).fetch(tenant);
    }
}
