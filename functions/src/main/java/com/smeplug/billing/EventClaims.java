package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Which Stripe events are applied ({@code PK=STRIPE_EVENT#<id>, SK=EVENT}, kept 30 days by TTL). An event is first
 * claimed with a lease ({@code state=processing}, {@code lease_until}); it is marked {@code done} only after its
 * effect is stored. A delivery finding it {@code done} is a duplicate; finding it held by a live lease is told to
 * retry (409, which Stripe retries); finding the lease expired — the handler died between claim and effect — takes it
 * over and applies it. So an event is never answered "duplicate" before it was applied.
 */
final class EventClaims {

    private static final Logger log = LoggerFactory.getLogger(EventClaims.class);

    /** Stripe retries a delivery for up to three days; the record outlives that. */
    static final Duration RETENTION = Duration.ofDays(30);
    static final String PROCESSING = "processing";
    static final String DONE = "done";

    private final Table table;
    private final Clock clock;
    private final Duration lease;

    EventClaims(Table table, Clock clock, Duration lease) {
        this.table = table;
        this.clock = clock;
        this.lease = lease;
    }

    /** True if this delivery now holds the event; false if it was applied before; 409 while another one holds it. */
    boolean claim(String eventId, String type) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key(eventId));
        item.put("event_id", Items.s(eventId));
        item.put("type", Items.s(type));
        item.put("state", Items.s(PROCESSING));
        item.put("received_at", Items.s(now.toString()));
        item.put("lease_until", Items.n(now.plus(lease).toEpochMilli()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(now.plus(RETENTION).getEpochSecond()));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR (#state = :processing AND lease_until < :now)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":processing", Items.s(PROCESSING),
                            ":now", Items.n(now.toEpochMilli())))
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException held) {
            var stored = table.client().getItem(GetItemRequest.builder().tableName(table.name()).key(key(eventId))
                    .consistentRead(true).build()).item();
            if (stored != null && PROCESSING.equals(Items.str(stored, "state"))) {
                throw new ApiException(409, "event_in_progress",
                        "event " + eventId + " is being applied by another delivery; retry later");
            }
            return false;
        }
    }

    void done(String eventId, SubscriptionEvents.Outcome outcome) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":done", Items.s(DONE));
        values.put(":outcome", Items.s(outcome.status().name().toLowerCase(Locale.ROOT)));
        String update = "SET #state = :done, outcome = :outcome REMOVE lease_until";
        if (outcome.tenantId() != null) {
            values.put(":tenant", Items.s(outcome.tenantId()));
            update = "SET #state = :done, outcome = :outcome, tenant_id = :tenant REMOVE lease_until";
        }
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(eventId))
                .updateExpression(update).expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values).build());
    }

    /** Ends the lease at once after a failure we saw, so Stripe's next retry need not wait for it to expire. */
    void release(String eventId, RuntimeException failure) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(eventId))
                    .conditionExpression("#state = :processing")
                    .updateExpression("SET lease_until = :zero")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":processing", Items.s(PROCESSING), ":zero", Items.n(0)))
                    .build());
        }
        catch (RuntimeException releaseFailure) {
            log.warn("could not release event {} after a failure; its lease will expire", eventId, releaseFailure);
            failure.addSuppressed(releaseFailure);
        }
    }

    static Map<String, AttributeValue> key(String eventId) {
        return Items.key("STRIPE_EVENT#" + eventId, "EVENT");
    }
}
