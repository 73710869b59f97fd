package com.smeplug.integrations;

import java.time.Instant;

/**
 * The last good read of one connector for one tenant: the records, which source produced them, what the tenant was
 * mapped to at the time ({@code reference}), and when.
 */
record Snapshot<R>(R records, String source, boolean mockMode, String reference, Instant syncedAt) {

    /** Only a snapshot of the same source and mapping stands for the tenant's records now. */
    public boolean matches(String source, String reference) {
        return this.source.equals(source) && this.reference.equals(reference);
    }
}
