package com.smeplug.usage;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The counter item of one tenant-month ({@code SK=COUNTERS}), as read. {@code answered} is what usage reports;
 * {@code reserved} is what the quota is checked against (answered plus reservations in flight); {@code held} are the
 * reservations in flight, by request id: when each was taken and by which attempt; {@code overage} the answers past the
 * quota of an overage plan (each billed). Maps are sorted by key.
 */
record MonthCounters(
        boolean exists,
        long answered,
        long reserved,
        long version,
        Map<String, Long> plugs,
        Map<Integer, Long> days,
        Map<String, Held> held,
        boolean registered,
        long overage) {

    /**
     * A reservation mark, stored as {@code "<epoch millis>/<attempt token>"}: the time decides when it counts as
     * abandoned, the token tells an attempt its own mark from another attempt's.
     */
    record Held(long sinceMillis, String token) {

        static Held parse(String value) {
            int slash = value.indexOf('/');
            return new Held(Long.parseLong(slash < 0 ? value : value.substring(0, slash)),
                    slash < 0 ? "" : value.substring(slash + 1));
        }

        String value() {
            return sinceMillis + "/" + token;
        }
    }

    static final MonthCounters NONE = new MonthCounters(false, 0, 0, 0, Map.of(), Map.of(), Map.of(), false, 0);

    static MonthCounters from(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty()) {
            return NONE;
        }
        Map<String, Long> plugs = new TreeMap<>();
        Map<Integer, Long> days = new TreeMap<>();
        Map<String, Held> held = new TreeMap<>();
        item.forEach((name, value) -> {
            if (name.startsWith(UsageStore.HELD_PREFIX) && value.s() != null) {
                held.put(name.substring(UsageStore.HELD_PREFIX.length()), Held.parse(value.s()));
                return;
            }
            if (value.n() == null) {
                return;
            }
            long n = Long.parseLong(value.n());
            if (name.startsWith(UsageStore.PLUG_PREFIX)) {
                plugs.put(name.substring(UsageStore.PLUG_PREFIX.length()), n);
            }
            else if (name.startsWith(UsageStore.DAY_PREFIX)) {
                days.put(Integer.parseInt(name.substring(UsageStore.DAY_PREFIX.length())), n);
            }
        });
        return new MonthCounters(true, number(item, UsageStore.ANSWERED), number(item, UsageStore.RESERVED),
                number(item, UsageStore.VERSION), Collections.unmodifiableMap(plugs), Collections.unmodifiableMap(days), Collections.unmodifiableMap(held),
                item.containsKey(UsageStore.REGISTERED), number(item, UsageStore.OVERAGE));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
