package com.smeplug.integrations.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Tenant;
import tools.jackson.core.type.TypeReference;

/**
 * A built-in sample stand-in for an outside system: one sample set {@code S} per sample tenant, read from the jar,
 * turned into the connector's records {@code R} with dates counted from today. Sample records are shown only to a
 * tenant whose profile allows sample data and that has a sample set; anyone else is not connected (never someone
 * else's records).
 */
public abstract class SampleConnector<S, R> implements Connector<R> {

    private final Map<String, S> samples;
    private final Clock clock;
    private final String what;

    /** {@code what} names the system in the not-connected message ("CRM", "ERP"). */
    protected SampleConnector(Map<String, S> samples, Clock clock, String what) {
        this.samples = Map.copyOf(samples);
        this.clock = clock;
        this.what = what;
    }

    protected static <T> Map<String, T> load(String resource, TypeReference<Map<String, T>> type) {
        try (InputStream in = SampleConnector.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Json.MAPPER.readValue(in, type);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The tenant's records, built from its sample set; {@code today} is the UTC date of the connector's clock. */
    protected abstract R records(S sample, LocalDate today);

    @Override
    public final String source() {
        return SAMPLE;
    }

    /** Whether this tenant has a sample connection here (a sample tenant whose profile allows sample data). */
    public final boolean serves(Tenant tenant) {
        return tenant.sampleData() && samples.containsKey(tenant.tenantId());
    }

    @Override
    public final String reference(Tenant tenant) {
        if (!serves(tenant)) {
            throw ApiException.notFound("not_connected", "this tenant has no " + what
                    + " connection: sample mode serves only the built-in sample tenants");
        }
        return "sample:" + tenant.tenantId();
    }

    @Override
    public final R fetch(Tenant tenant) {
        reference(tenant);
        return records(samples.get(tenant.tenantId()), LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }
}
