package com.smeplug.integrations;

import java.util.Optional;

/** Where snapshots are kept, one per tenant and connector. */
interface Snapshots {

    <R> Optional<Snapshot<R>> find(String tenantId, String connector, Class<R> type);

    <R> void put(String tenantId, String connector, Snapshot<R> snapshot);
}
