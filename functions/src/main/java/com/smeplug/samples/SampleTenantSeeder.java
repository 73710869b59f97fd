package com.smeplug.samples;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import com.smeplug.billing.SampleSubscriptions;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import tools.jackson.core.type.TypeReference;

/**
 * Registers the three sample tenants of the spec (profile, an admin and a member user, and a sample-ledger
 * subscription that started a few months before today). Used by the local stack and the tests; a deployment registers its tenants itself.
 */
public final class SampleTenantSeeder {

    record SampleTenant(String tenantId, String name, Map<String, String> connections, SampleSubscription subscription) {
    }

    record SampleSubscription(String plan, List<String> plugIds, int startedMonthsAgo) {
    }

    /** A sample tenant's user: {@code userId} is the {@code sub} the local OIDC issuer signs for it. */
    public record SampleUser(String userId, String email, String tenantId, String role) {
    }

    private SampleTenantSeeder() {
    }

    /** The sample user of {@code tenantId} with {@code role} ({@code admin} or {@code member}). */
    public static SampleUser sampleUser(String tenantId, String role) {
        if (!role.equals("admin") && !role.equals("member")) {
            throw new IllegalArgumentException("role must be admin or member, was " + role);
        }
        return new SampleUser("sample-" + tenantId + "-" + role, role + "@" + tenantId.replace('_', '-') + ".example",
                tenantId, role);
    }

    public static List<String> tenantIds() {
        return load().stream().map(SampleTenant::tenantId).toList();
    }

    public static List<String> seed(Table table, Clock clock) {
        TenantStore tenants = new TenantStore(table, clock);
        SampleSubscriptions subscriptions = SampleSubscriptions.in(table);
        MembershipStore memberships = new MembershipStore(table, clock);
        List<SampleTenant> samples = load();
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(ZoneOffset.UTC));
        for (SampleTenant sample : samples) {
            tenants.put(new Tenant(sample.tenantId(), sample.name(), true, sample.connections()));
            for (Role role : List.of(Role.ADMIN, Role.MEMBER)) {
                SampleUser user = sampleUser(sample.tenantId(), role.name().toLowerCase(java.util.Locale.ROOT));
                memberships.join(new Membership(user.userId(), sample.tenantId(), role, user.email()));
            }
            var started = now.minusMonths(sample.subscription().startedMonthsAgo()).withHour(0).withMinute(0)
                    .withSecond(0).withNano(0).toInstant();
            subscriptions.open(sample.tenantId(), sample.subscription().plan(), sample.subscription().plugIds(), started);
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
