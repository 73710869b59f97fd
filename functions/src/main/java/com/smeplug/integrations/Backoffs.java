package com.smeplug.integrations;

import java.time.Instant;
import java.util.Optional;

/**
 * Per tenant and connector: "leave this upstream alone until then" after it said this tenant's limits are used up
 * (or it is unavailable). Shared by every container, keyed by tenant, so one tenant's back-off never holds up another's
 * requests: nothing waits, a tenant in back-off is answered at once from its snapshot or with 429/503 Retry-After.
 */
interface Backoffs {

    /** Why and until when; {@code status} 429 or 503, what the tenant is answered without a snapshot. */
    record Backoff(Instant until, int status, String reason) {
    }

    Optional<Backoff> find(String tenantId, String connector);

    void hold(String tenantId, String connector, Backoff backoff);

    /** For callers without shared state (benchmarks, unit tests): never backs off. */
    Backoffs NONE = new Backoffs() {
        @Override
        public Optional<Backoff> find(String tenantId, String connector) {
            return Optional.empty();
        }

        @Override
        public void hold(String tenantId, String connector, Backoff backoff) {
        }
    };
}
