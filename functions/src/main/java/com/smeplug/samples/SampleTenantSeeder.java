package com.smeplug.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.smeplug.billing.Subscription;
import com.smeplug.billing.SubscriptionStore;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import tools.jackson.core.type.TypeReference;

/**
 * Registers the three sample tenants of the spec (profile and a sample-ledger subscription that started a few
 * months before today). Used by the local stack and the tests; a deployment registers its tenants itself.
 */
public final class SampleTenantSeeder {

    record SampleTenant(String tenantId, String name, Map<String, String> connections, SampleSubscription subscription) {
    }

    record SampleSubscription(String plan, List<String> plugIds, int startedMonthsAgo) {
    }

    private SampleTenantSeeder() {
    }

    public static List<String> seed(Table table, Clock clock) {
        TenantStore tenants = new TenantStore(table, clock);
        SubscriptionStore subscriptions = new SubscriptionStore(table);
        List<SampleTenant> samples = load();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        for (SampleTenant sample : samples) {
            tenants.put(new Tenant(sample.tenantId(), sample.name(), true, sample.connections()));
            var started = now.minusMonths(sample.subscription().startedMonthsAgo()).withHour(0).withMinute(0)
                    .withSecond(0).withNano(0).toInstant();
            subscriptions.put(new Subscription(sample.tenantId(), sample.subscription().plan(),
                    sample.subscription().plugIds(), "active", started, null, null, true, started.getEpochSecond()));
        }
        return samples.stream().map(SampleTenant::tenantId).toList();
    }

    private static List<SampleTenant> load() {
        try (InputStream in = SampleTenantSeeder.class.getResourceAsStream("/samples/tenants.json")) {
            return Json.MAPPER.readValue(in, new TypeReference<List<SampleTenant>>() { });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
