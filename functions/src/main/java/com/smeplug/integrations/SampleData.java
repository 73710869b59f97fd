package com.smeplug.integrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Tenant;
import tools.jackson.core.type.TypeReference;

/** Reading the built-in sample records from the jar, and the one rule of who may see them. */
public final class SampleData {

    private SampleData() {
    }

    public static <T> T load(String resource, TypeReference<T> type) {
        try (InputStream in = SampleData.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Json.MAPPER.readValue(in, type);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sample records are shown only to a tenant whose profile allows sample data and that has a sample set; anyone
     * else is not connected (never someone else's records).
     */
    public static void requireSampleTenant(Tenant tenant, boolean hasSampleSet, String what) {
        if (!tenant.sampleData() || !hasSampleSet) {
            throw ApiException.notFound("not_connected", "this tenant has no " + what
                    + " connection: sample mode serves only the built-in sample tenants");
        }
    }
}
