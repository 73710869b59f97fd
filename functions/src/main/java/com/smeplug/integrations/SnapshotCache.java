package com.smeplug.integrations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.function.Function;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connector behind its snapshot: {@link #current} serves the tenant's snapshot while it is fresh and reads the
 * upstream otherwise; {@link #refresh} always reads the upstream. When the upstream fails, {@code current} serves the
 * last good snapshot marked stale, and answers 502/504 only when there is none. A snapshot stands for the tenant only
 * if it came from the same source and the same mapping as the connector has now.
 */
final class SnapshotCache<R> {

    private static final Logger log = LoggerFactory.getLogger(SnapshotCache.class);

    /** A snapshot as handed out: {@code stale} when it is served because the upstream failed. */
    public record Served<R>(Snapshot<R> snapshot, boolean stale) {
    }

    private final String connectorName;
    private final Connector<R> connector;
    private final Class<R> type;
    private final Snapshots snapshots;
    private final Function<String, Optional<Tenant>> tenants;
    private final Clock clock;
    private final Duration maxAge;
    private final Backoffs backoffs;

    public SnapshotCache(String connectorName, Connector<R> connector, Class<R> type, Snapshots snapshots,
            Function<String, Optional<Tenant>> tenants, Clock clock, Duration maxAge) {
        this(connectorName, connector, type, snapshots, tenants, clock, maxAge, Backoffs.NONE);
    }

    public SnapshotCache(String connectorName, Connector<R> connector, Class<R> type, Snapshots snapshots,
            Function<String, Optional<Tenant>> tenants, Clock clock, Duration maxAge, Backoffs backoffs) {
        this.backoffs = backoffs;
        this.connectorName = connectorName;
        this.connector = connector;
        this.type = type;
        this.snapshots = snapshots;
        this.tenants = tenants;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    public Served<R> current(String tenantId) {
        Tenant tenant = tenant(tenantId);
        String reference = connector.reference(tenant);
        Optional<Snapshot<R>> kept = snapshots.find(tenantId, connectorName, type)
                .filter(s -> s.matches(connector.source(tenant), reference));
        if (kept.isPresent() && isFresh(kept.get())) {
            return new Served<>(kept.get(), false);
        }
        Optional<Backoffs.Backoff> backoff = activeBackoff(tenantId);
        if (backoff.isPresent()) {
            if (kept.isPresent()) {
                return new Served<>(kept.get(), true);
            }
            throw limited(backoff.get());
        }
        Snapshot<R> fetched;
        try {
            fetched = fetch(tenant, reference);
        }
        catch (UpstreamFailure failure) {
            holdIfLimited(tenantId, failure);
            if (kept.isPresent()) {
                log.warn("{} failed for tenant {}, serving the snapshot of {} as stale: {}", connectorName, tenantId,
                        kept.get().syncedAt(), failure.getMessage(), failure);
                return new Served<>(kept.get(), true);
            }
            throw failure.toApiException();
        }
        try {
            snapshots.put(tenantId, connectorName, fetched);
        }
        catch (RuntimeException e) {
            // The records are good; failing to keep a copy only costs the next request another upstream read.
            log.warn("could not keep the {} snapshot of tenant {}: {}", connectorName, tenantId, e.toString());
        }
        return new Served<>(fetched, false);
    }

    /** Reads the upstream now and keeps the result; an upstream failure is the answer (a sync that did not happen). */
    public Served<R> refresh(String tenantId) {
        Tenant tenant = tenant(tenantId);
        String reference = connector.reference(tenant);
        Optional<Backoffs.Backoff> backoff = activeBackoff(tenantId);
        if (backoff.isPresent()) {
            throw limited(backoff.get());
        }
        Snapshot<R> fetched;
        try {
            fetched = fetch(tenant, reference);
        }
        catch (UpstreamFailure failure) {
            holdIfLimited(tenantId, failure);
            throw failure.toApiException();
        }
        snapshots.put(tenantId, connectorName, fetched);
        return new Served<>(fetched, false);
    }

    private Snapshot<R> fetch(Tenant tenant, String reference) {
        R records = connector.fetch(tenant);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Snapshot<>(records, connector.source(tenant), connector.mockMode(tenant), reference, now);
    }

    private Optional<Backoffs.Backoff> activeBackoff(String tenantId) {
        return backoffs.find(tenantId, connectorName).filter(b -> b.until().isAfter(clock.instant()));
    }

    private void holdIfLimited(String tenantId, UpstreamFailure failure) {
        if (failure.retryAfter() != null) {
            log.warn("{} limits tenant {}: leaving it alone for {} s ({})", connectorName, tenantId,
                    failure.retryAfter().toSeconds(), failure.getMessage());
            backoffs.hold(tenantId, connectorName, new Backoffs.Backoff(clock.instant().plus(failure.retryAfter()),
                    failure.status(), failure.getMessage()));
        }
    }

    private ApiException limited(Backoffs.Backoff backoff) {
        long seconds = Math.max(1, Duration.between(clock.instant(), backoff.until()).toSeconds() + 1);
        return UpstreamFailure.limitedApiException(backoff.reason() + "; retry after " + seconds + " s", backoff.status(),
                seconds);
    }

    private boolean isFresh(Snapshot<R> snapshot) {
        return snapshot.syncedAt().plus(maxAge).isAfter(clock.instant());
    }

    private Tenant tenant(String tenantId) {
        return tenants.apply(tenantId).orElseThrow(() -> ApiException.notFound("not_connected",
                "this tenant is not registered for " + connectorName + " records"));
    }

    /** How long a snapshot stands for the tenant's records: {@code SNAPSHOT_MAX_AGE_SECONDS} (900). */
    static Duration maxAge(Settings settings) {
        return Duration.ofSeconds(settings.integer("SNAPSHOT_MAX_AGE_SECONDS", 900));
    }
}
