package com.smeplug.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import org.junit.jupiter.api.Test;
import com.smeplug.testing.MutableClock;

class SnapshotCacheTest {

    static final Tenant ACME = new Tenant("acme", "Acme", false, Map.of("account", "A-1"));

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final InMemorySnapshots snapshots = new InMemorySnapshots();
    final FakeConnector upstream = new FakeConnector("crm-real");
    final SnapshotCache<String> cache = new SnapshotCache<>("crm", upstream, String.class, snapshots,
            id -> id.equals("acme") ? Optional.of(ACME) : Optional.empty(), clock, Duration.ofMinutes(15));

    @Test
    void a_first_read_goes_upstream_and_keeps_the_result_with_its_sync_time() {
        upstream.answer = "records v1";

        var served = cache.current("acme");

        assertThat(served.stale()).isFalse();
        assertThat(served.snapshot().records()).isEqualTo("records v1");
        assertThat(served.snapshot().syncedAt()).isEqualTo(clock.instant());
        assertThat(snapshots.find("acme", "crm", String.class)).get().extracting(Snapshot::records).isEqualTo("records v1");
        assertThat(upstream.calls).isEqualTo(1);
    }

    @Test
    void a_fresh_snapshot_is_served_without_reading_the_upstream() {
        upstream.answer = "records v1";
        cache.current("acme");
        upstream.answer = "records v2";
        clock.advance(Duration.ofMinutes(14));

        var served = cache.current("acme");

        assertThat(served.snapshot().records()).isEqualTo("records v1");
        assertThat(upstream.calls).isEqualTo(1);
    }

    @Test
    void a_snapshot_older_than_the_max_age_is_replaced_by_a_new_read() {
        upstream.answer = "records v1";
        cache.current("acme");
        upstream.answer = "records v2";
        clock.advance(Duration.ofMinutes(15));

        var served = cache.current("acme");

        assertThat(served.snapshot().records()).isEqualTo("records v2");
        assertThat(served.snapshot().syncedAt()).isEqualTo(clock.instant());
        assertThat(served.stale()).isFalse();
        assertThat(upstream.calls).isEqualTo(2);
    }

    @Test
    void when_the_upstream_fails_the_last_good_snapshot_is_served_marked_stale() {
        upstream.answer = "records v1";
        Instant firstSync = cache.current("acme").snapshot().syncedAt();
        clock.advance(Duration.ofHours(3));
        upstream.failure = UpstreamFailure.error("CRM answered HTTP 500");

        var served = cache.current("acme");

        assertThat(served.stale()).isTrue();
        assertThat(served.snapshot().records()).isEqualTo("records v1");
        assertThat(served.snapshot().syncedAt()).isEqualTo(firstSync);
    }

    @Test
    void without_a_snapshot_an_upstream_error_is_a_502_and_a_timeout_a_504() {
        upstream.failure = UpstreamFailure.error("CRM answered HTTP 500");
        assertThatThrownBy(() -> cache.current("acme")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).isEqualTo("upstream_error");
        });

        upstream.failure = UpstreamFailure.timeout("CRM did not answer within 500 ms", null);
        assertThatThrownBy(() -> cache.current("acme")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(504);
            assertThat(e.code()).isEqualTo("upstream_timeout");
        });
    }

    @Test
    void a_snapshot_from_another_source_is_never_served_even_as_stale() {
        snapshots.put("acme", "crm", new Snapshot<>("sample records", "sample", true, "A-1", clock.instant()));
        upstream.failure = UpstreamFailure.error("CRM answered HTTP 500");

        assertThatThrownBy(() -> cache.current("acme")).isInstanceOf(ApiException.class);
    }

    @Test
    void a_snapshot_of_an_earlier_mapping_is_never_served() {
        snapshots.put("acme", "crm", new Snapshot<>("other account", "crm-real", false, "A-0", clock.instant()));
        upstream.answer = "records of A-1";

        assertThat(cache.current("acme").snapshot().records()).isEqualTo("records of A-1");
    }

    @Test
    void refresh_reads_the_upstream_even_when_the_snapshot_is_fresh() {
        upstream.answer = "records v1";
        cache.current("acme");
        upstream.answer = "records v2";
        clock.advance(Duration.ofSeconds(5));

        var served = cache.refresh("acme");

        assertThat(served.snapshot().records()).isEqualTo("records v2");
        assertThat(served.snapshot().syncedAt()).isEqualTo(clock.instant());
        assertThat(snapshots.find("acme", "crm", String.class)).get().extracting(Snapshot::records).isEqualTo("records v2");
    }

    @Test
    void a_failed_refresh_is_an_error_not_the_old_snapshot() {
        upstream.answer = "records v1";
        cache.current("acme");
        upstream.failure = UpstreamFailure.timeout("CRM did not answer within 500 ms", null);

        assertThatThrownBy(() -> cache.refresh("acme"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(504));
    }

    @Test
    void a_tenant_without_a_mapping_is_not_connected_even_with_an_old_snapshot() {
        upstream.answer = "records v1";
        cache.current("acme");
        upstream.connected = false;

        assertThatThrownBy(() -> cache.current("acme")).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("not_connected");
        });
    }

    @Test
    void an_unregistered_tenant_is_not_connected() {
        assertThatThrownBy(() -> cache.current("nobody")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("not_connected"));
        assertThat(upstream.calls).isZero();
    }

    @Test
    void records_are_still_answered_when_the_snapshot_cannot_be_kept() {
        upstream.answer = "records v1";
        snapshots.failWrites = true;

        assertThat(cache.current("acme").snapshot().records()).isEqualTo("records v1");
    }

    static final class FakeConnector implements Connector<String> {

        final String source;
        String answer;
        RuntimeException failure;
        boolean connected = true;
        int calls;

        FakeConnector(String source) {
            this.source = source;
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public boolean mockMode() {
            return false;
        }

        @Override
        public String reference(Tenant tenant) {
            if (!connected) {
                throw ApiException.notFound("not_connected", "no mapping");
            }
            return tenant.connection("account");
        }

        @Override
        public String fetch(Tenant tenant) {
            calls++;
            if (failure != null) {
                throw failure;
            }
            return answer;
        }
    }

    static final class InMemorySnapshots implements Snapshots {

        final Map<String, Snapshot<?>> items = new HashMap<>();
        boolean failWrites;

        @Override
        @SuppressWarnings("unchecked")
        public <R> Optional<Snapshot<R>> find(String tenantId, String connector, Class<R> type) {
            return Optional.ofNullable((Snapshot<R>) items.get(tenantId + "/" + connector));
        }

        @Override
        public <R> void put(String tenantId, String connector, Snapshot<R> snapshot) {
            if (failWrites) {
                throw new IllegalStateException("table unavailable");
            }
            items.put(tenantId + "/" + connector, snapshot);
        }
    }
}
