package com.smeplug.tenants;

import com.smeplug.platform.http.Json;

/**
 * One step of a tenant's deletion, as an SQS message. {@code phase}: {@code partition} deletes the tenant's own
 * partition in batches; {@code scan} walks the whole table (from {@code cursor}) deleting every item that names the
 * tenant; {@code found} counts what this scan pass deleted so far — a pass that finds nothing ends the deletion.
 */
record DeletionStep(String deletionId, String tenantId, String phase, String cursor, int pass, long found) {

    static final String PARTITION = "partition";
    static final String SCAN = "scan";

    String toJson() {
        return Json.write(this);
    }

    static DeletionStep parse(String body) {
        return Json.MAPPER.readValue(body, DeletionStep.class);
    }
}
