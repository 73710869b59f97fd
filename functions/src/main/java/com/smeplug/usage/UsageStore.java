package com.smeplug.usage;

import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.ProbeItems;
import com.smeplug.platform.aws.Table;
import com.smeplug.usage.UsageMeter.TokenUsage;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The usage items in the single table. One partition per tenant-month, {@code PK=USAGE#<tenant>#<YYYY-MM>}:
 * <ul>
 *   <li>{@code SK=EVENT#<request_id>}: one per answered request (plug, day, time, tokens), with the TTL attribute
 *       {@code expires_at}. The event is the truth; everything else can be recomputed from the events.</li>
 *   <li>{@code SK=COUNTERS}: one item with every counter of the month, so one atomic {@code UpdateItem} moves them
 *       together and reading a month is one {@code GetItem}, whatever the number of events: {@code answered},
 *       {@code plug#<plug_id>}, {@code day#<dd>}, the quota reservation total {@code reserved}, one
 *       {@code held#<request_id>} per reservation in flight, and {@code version} (bumped by every change, so the
 *       reconciler can write conditionally on what it read).</li>
 * </ul>
 * A month index {@code PK=USAGE_MONTH#<YYYY-MM>, SK=TENANT#<tenant>} lists the tenants that used a month, so the
 * scheduled reconciliation queries a short list instead of scanning the table.
 * Every attribute name goes through a placeholder: several of ours ({@code month}, ...) are DynamoDB reserved words.
 */
final class UsageStore {

    static final String COUNTERS = "COUNTERS";
    static final String EVENT_PREFIX = "EVENT#";
    static final String ANSWERED = "answered";
    static final String OVERAGE = "overage";
    /** On an overage event: billing took its report (see {@link #markOverageReported}). */
    static final String OVERAGE_REPORTED = "overage_reported";
    static final String RESERVED = "reserved";
    static final String VERSION = "version";
    static final String REGISTERED = "registered";
    static final String PLUG_PREFIX = "plug#";
    static final String DAY_PREFIX = "day#";
    static final String HELD_PREFIX = "held#";

    private static final AttributeValue ONE = Items.n(1);
    private static final AttributeValue MINUS_ONE = Items.n(-1);

    /**
     * One answered request as stored. {@code day} is the day of the month it is counted on; {@code attempt} is a
     * token of the write, so a writer can recognise its own event after an SDK retry.
     */
    record UsageEvent(String tenantId, YearMonth month, String requestId, String plugId, int day, String at,
            String attempt) {
    }

    /**
     * The events of a tenant-month, counted; {@code seenHeld}: which of the asked-about request ids have an event;
     * {@code unreportedOverage}: its answers past the quota whose report billing never took.
     */
    record Tally(long events, Map<String, Long> plugs, Map<Integer, Long> days, Set<String> seenHeld,
            List<UnreportedOverage> unreportedOverage) {
    }

    /**
     * Priming's probe tenant (see Probe): one answered question in any month: the table's answer to its read
     * (ProbeItems), never written.
     */
    private static final Map<String, AttributeValue> PROBE_COUNTERS = Map.of(ANSWERED, Items.n(1), RESERVED, Items.n(1),
            PLUG_PREFIX + "healthcare", Items.n(1), DAY_PREFIX + "01", Items.n(1), REGISTERED, Items.bool(true));

    static {
        ProbeItems.declare("USAGE#" + Probe.TENANT + "#", COUNTERS, PROBE_COUNTERS); // every month's
    }

    private final Table table;

    UsageStore(Table table) {
        this.table = table;
    }

    static String pk(String tenantId, YearMonth month) {
        return "USAGE#" + tenantId + "#" + month;
    }

    static String registryPk(YearMonth month) {
        return "USAGE_MONTH#" + month;
    }

    static String plugAttribute(String plugId) {
        return PLUG_PREFIX + plugId;
    }

    static String dayAttribute(int day) {
        return DAY_PREFIX + (day < 10 ? "0" + day : Integer.toString(day));
    }

    static String heldAttribute(String requestId) {
        return HELD_PREFIX + requestId;
    }

    MonthCounters counters(String tenantId, YearMonth month) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .consistentRead(true)
                .build()).item();
        return MonthCounters.from(item);
    }

    Optional<UsageEvent> event(String tenantId, YearMonth month, String requestId) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), EVENT_PREFIX + requestId))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new UsageEvent(tenantId, month, requestId, Items.str(item, "plug_id"),
                (int) Items.num(item, "day", 1), Items.str(item, "at"), Items.str(item, "attempt")));
    }

    /** Writes the event unless one with this request id exists; false when it did (the request was counted). */
    boolean putEvent(UsageEvent event, TokenUsage tokens, long expiresAtEpochSecond) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(pk(event.tenantId(), event.month()),
                EVENT_PREFIX + event.requestId()));
        item.put("tenant_id", Items.s(event.tenantId()));
        item.put("month", Items.s(event.month().toString()));
        item.put("request_id", Items.s(event.requestId()));
        item.put("plug_id", Items.s(event.plugId()));
        item.put("day", Items.n(event.day()));
        item.put("at", Items.s(event.at()));
        item.put("attempt", Items.s(event.attempt()));
        if (tokens != null && (tokens.inputTokens() != 0 || tokens.outputTokens() != 0)) {
            item.put("input_tokens", Items.n(tokens.inputTokens()));
            item.put("output_tokens", Items.n(tokens.outputTokens()));
        }
        item.put(Table.TTL_ATTRIBUTE, Items.n(expiresAtEpochSecond));
        try {
            table.client().putItem(PutItemRequest.builder()
                    .tableName(table.name())
                    .item(item)
                    .conditionExpression("attribute_not_exists(PK)")
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException alreadyThere) {
            return false;
        }
    }

    /**
     * Takes one unit of the month's quota for {@code requestId}: adds 1 to {@code reserved} and marks the request
     * as held, only if it is not held already and {@code reserved < quota}. Returns the item as it was before.
     *
     * @throws ConditionalCheckFailedException when the request is held already or the quota is used up
     */
    MonthCounters reserve(String tenantId, YearMonth month, String requestId, long quota, MonthCounters.Held mark) {
        var old = table.client().updateItem(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression("SET #held = :now, #tenant = :tenant, #month = :month ADD #reserved :one, #version :one")
                .conditionExpression("attribute_not_exists(#held) AND (attribute_not_exists(#reserved) OR #reserved < :quota)")
                .expressionAttributeNames(Map.of("#held", heldAttribute(requestId), "#tenant", "tenant_id",
                        "#month", "month", "#reserved", RESERVED, "#version", VERSION))
                .expressionAttributeValues(Map.of(":now", Items.s(mark.value()), ":tenant", Items.s(tenantId),
                        ":month", Items.s(month.toString()), ":one", ONE, ":quota", Items.n(quota)))
                .returnValues(ReturnValue.ALL_OLD)
                .build());
        return MonthCounters.from(old.attributes());
    }

    /** Moves a reservation whose holder is presumed dead to a new holder of the same request id (no quota change). */
    boolean takeOver(String tenantId, YearMonth month, String requestId, MonthCounters.Held old, MonthCounters.Held mark) {
        return conditionalUpdate(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression("SET #held = :now ADD #version :one")
                .conditionExpression("#held = :since")
                .expressionAttributeNames(Map.of("#held", heldAttribute(requestId), "#version", VERSION))
                .expressionAttributeValues(Map.of(":now", Items.s(mark.value()), ":since", Items.s(old.value()),
                        ":one", ONE))
                .build());
    }

    /**
     * Counts an answered request whose event is written: in one atomic update, removes its reservation mark and adds
     * 1 to {@code answered}, its plug and its day ({@code reserved} keeps the unit: it is used now). Only the caller
     * that removes the mark counts, so the request is counted once however many try. False when not held.
     */
    /** Counts the answer; returns the month's answered count with it (its place in the month), or -1 if not held. */
    long complete(String tenantId, YearMonth month, String requestId, String plugId, int day) {
        try {
            var updated = table.client().updateItem(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression("REMOVE #held ADD #answered :one, #plug :one, #day :one, #version :one")
                .conditionExpression("attribute_exists(#held)")
                .expressionAttributeNames(Map.of("#held", heldAttribute(requestId), "#answered", ANSWERED,
                        "#plug", plugAttribute(plugId), "#day", dayAttribute(day), "#version", VERSION))
                .expressionAttributeValues(Map.of(":one", ONE))
                .returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.UPDATED_NEW)
                .build());
            return Items.num(updated.attributes(), ANSWERED, -1);
        }
        catch (ConditionalCheckFailedException notHeld) {
            return -1;
        }
    }

    /**
     * Marks an answered question as past the quota of an overage plan: on its event (so billing counts it by time)
     * and in the month's {@code overage} counter (so usage shows its cost); once per event.
     */
    boolean markOverage(String tenantId, YearMonth month, String requestId) {
        boolean marked = conditionalUpdate(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(pk(tenantId, month), EVENT_PREFIX + requestId))
                .updateExpression("SET overage = :true")
                .conditionExpression("attribute_exists(PK) AND attribute_not_exists(overage)")
                .expressionAttributeValues(Map.of(":true", Items.bool(true)))
                .build());
        if (marked) {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(pk(tenantId, month), COUNTERS))
                    .updateExpression("ADD #overage :one")
                    .expressionAttributeNames(Map.of("#overage", OVERAGE))
                    .expressionAttributeValues(Map.of(":one", ONE)).build());
        }
        return marked;
    }

    /**
     * Records that billing took an overage event's report (real mode: the overage report queue accepted it), so the
     * reconciler does not send it again.
     */
    void markOverageReported(String tenantId, YearMonth month, String requestId) {
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(Items.key(pk(tenantId, month), EVENT_PREFIX + requestId))
                .updateExpression("SET " + OVERAGE_REPORTED + " = :true")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":true", Items.bool(true))).build());
    }

    /** An answer past the quota whose report billing never took: its request and when it was answered. */
    record UnreportedOverage(String requestId, Instant answeredAt) {
    }

    /** How many answers past the quota the month's events between {@code from} and {@code until} hold. */
    long overageBetween(String tenantId, YearMonth month, java.time.Instant from, java.time.Instant until) {
        long count = 0;
        Map<String, AttributeValue> startKey = null;
        do {
            var page = table.client().query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                    .tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .filterExpression("overage = :true AND #at >= :from AND #at < :until")
                    .expressionAttributeNames(Map.of("#at", "at"))
                    .expressionAttributeValues(Map.of(":pk", Items.s(pk(tenantId, month)),
                            ":prefix", Items.s(EVENT_PREFIX), ":true", Items.bool(true),
                            ":from", Items.s(from.toString()), ":until", Items.s(until.toString())))
                    .exclusiveStartKey(startKey).consistentRead(true).build());
            count += page.count();
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return count;
    }

    /** Gives a reservation back: removes its mark and 1 from {@code reserved}, once. False when not held. */
    boolean release(String tenantId, YearMonth month, String requestId) {
        return conditionalUpdate(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression("REMOVE #held ADD #reserved :minusOne, #version :one")
                .conditionExpression("attribute_exists(#held)")
                .expressionAttributeNames(Map.of("#held", heldAttribute(requestId), "#reserved", RESERVED,
                        "#version", VERSION))
                .expressionAttributeValues(Map.of(":minusOne", MINUS_ONE, ":one", ONE))
                .build());
    }

    /** Adds the tenant to the month index (idempotent), then marks the counters as registered. */
    void register(String tenantId, YearMonth month) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(registryPk(month), "TENANT#" + tenantId));
        item.put("tenant_id", Items.s(tenantId));
        item.put("month", Items.s(month.toString()));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
        table.client().updateItem(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression("SET #registered = :yes")
                .expressionAttributeNames(Map.of("#registered", REGISTERED))
                .expressionAttributeValues(Map.of(":yes", Items.bool(true)))
                .build());
    }

    /** The tenants that used {@code month}, from the month index. */
    List<String> tenantsOf(YearMonth month) {
        List<String> tenants = new ArrayList<>();
        table.client().queryPaginator(QueryRequest.builder()
                        .tableName(table.name())
                        .keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(registryPk(month))))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> tenants.add(Items.str(item, "tenant_id")));
        return tenants;
    }

    /** Counts the month's events, page by page (O(events): the reconciler's job, never a read path's). */
    Tally tally(String tenantId, YearMonth month, Set<String> heldRequestIds) {
        long[] events = {0};
        Map<String, Long> plugs = new TreeMap<>();
        Map<Integer, Long> days = new TreeMap<>();
        Set<String> seenHeld = new HashSet<>();
        List<UnreportedOverage> unreportedOverage = new ArrayList<>();
        table.client().queryPaginator(QueryRequest.builder()
                        .tableName(table.name())
                        .keyConditionExpression("PK = :pk AND begins_with(SK, :event)")
                        .expressionAttributeValues(Map.of(":pk", Items.s(pk(tenantId, month)),
                                ":event", Items.s(EVENT_PREFIX)))
                        .projectionExpression("SK, plug_id, #day, #at, " + OVERAGE + ", " + OVERAGE_REPORTED)
                        .expressionAttributeNames(Map.of("#day", "day", "#at", "at"))
                        .consistentRead(true)
                        .build())
                .items()
                .forEach(item -> {
                    events[0]++;
                    String plug = Items.str(item, "plug_id");
                    plugs.merge(plug == null ? "unknown" : plug, 1L, Long::sum);
                    Integer day = dayOf(item);
                    if (day != null) {
                        days.merge(day, 1L, Long::sum);
                    }
                    String requestId = Items.str(item, "SK").substring(EVENT_PREFIX.length());
                    if (heldRequestIds.contains(requestId)) {
                        seenHeld.add(requestId);
                    }
                    String at = Items.str(item, "at");
                    if (Items.flag(item, OVERAGE) && !Items.flag(item, OVERAGE_REPORTED) && at != null) {
                        unreportedOverage.add(new UnreportedOverage(requestId, Instant.parse(at)));
                    }
                });
        return new Tally(events[0], plugs, days, seenHeld, List.copyOf(unreportedOverage));
    }

    /** The event's day of month: its {@code day}, else the day of its {@code at}; null for neither (not invented). */
    private static Integer dayOf(Map<String, AttributeValue> item) {
        long day = Items.num(item, "day", 0);
        if (day >= 1 && day <= 31) {
            return (int) day;
        }
        String at = Items.str(item, "at");
        try {
            return at == null ? null : java.time.Instant.parse(at).atZone(java.time.ZoneOffset.UTC).getDayOfMonth();
        }
        catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Overwrites the counters with recounted values, only if the item is still at {@code expectedVersion} (0: the
     * item or its version attribute is absent). False when something changed since it was read.
     */
    boolean overwrite(String tenantId, YearMonth month, long expectedVersion, long answered, long reserved,
            Map<String, Long> plugs, Map<Integer, Long> days, Set<String> removeAttributes) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        names.put("#answered", ANSWERED);
        names.put("#reserved", RESERVED);
        names.put("#tenant", "tenant_id");
        names.put("#month", "month");
        names.put("#version", VERSION);
        values.put(":answered", Items.n(answered));
        values.put(":reserved", Items.n(reserved));
        values.put(":tenant", Items.s(tenantId));
        values.put(":month", Items.s(month.toString()));
        values.put(":one", ONE);
        values.put(":expected", Items.n(expectedVersion));
        sets.add("#answered = :answered");
        sets.add("#reserved = :reserved");
        sets.add("#tenant = :tenant");
        sets.add("#month = :month");
        int i = 0;
        for (var plug : plugs.entrySet()) {
            names.put("#s" + i, plugAttribute(plug.getKey()));
            values.put(":s" + i, Items.n(plug.getValue()));
            sets.add("#s" + i + " = :s" + i);
            i++;
        }
        for (var day : days.entrySet()) {
            names.put("#s" + i, dayAttribute(day.getKey()));
            values.put(":s" + i, Items.n(day.getValue()));
            sets.add("#s" + i + " = :s" + i);
            i++;
        }
        List<String> removes = new ArrayList<>();
        int r = 0;
        for (String attribute : removeAttributes) {
            names.put("#r" + r, attribute);
            removes.add("#r" + r);
            r++;
        }
        String expression = "SET " + String.join(", ", sets)
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes))
                + " ADD #version :one";
        return conditionalUpdate(UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId, month), COUNTERS))
                .updateExpression(expression)
                .conditionExpression(expectedVersion == 0
                        ? "attribute_not_exists(#version) OR #version = :expected"
                        : "#version = :expected")
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build());
    }

    private boolean conditionalUpdate(UpdateItemRequest request) {
        try {
            table.client().updateItem(request);
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }
}
