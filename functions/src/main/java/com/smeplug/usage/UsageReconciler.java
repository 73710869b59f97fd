package com.smeplug.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.smeplug.billing.OverageReporter;
import com.smeplug.platform.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recounts a tenant-month from its events and repairs the counters (see {@link DynamoUsageMeter} for what can
 * drift and why). The write is conditional on the counters' version as read, so a request counted meanwhile makes
 * the reconciler start over instead of being overwritten.
 */
final class UsageReconciler {

    private static final Logger log = LoggerFactory.getLogger(UsageReconciler.class);
    private static final int ATTEMPTS = 5;
    /** Marks removed per write, which keeps the update expression far below DynamoDB's 4 KB limit. */
    private static final int MAX_REMOVALS_PER_WRITE = 150;

    private final UsageStore store;
    private final Clock clock;
    private final Duration reservationTimeout;
    private final OverageReporter overage;

    UsageReconciler(UsageStore store, Clock clock, Duration reservationTimeout, OverageReporter overage) {
        this.overage = overage;
        this.store = store;
        this.clock = clock;
        this.reservationTimeout = reservationTimeout;
    }

    /** What the reconciliation found and changed for one tenant-month. */
    record TenantMonthResult(String tenantId, String month, long events, boolean repaired, List<String> repairs,
            String error) {
    }

    /** The summary a run returns: which months, how many tenant-months were checked, repaired and failed. */
    record Summary(String trigger, List<String> months, int checked, int repaired, int failed,
            List<TenantMonthResult> results) {

        static Summary of(String trigger, List<YearMonth> months, List<TenantMonthResult> results) {
            return new Summary(trigger, months.stream().map(YearMonth::toString).toList(), results.size(),
                    (int) results.stream().filter(TenantMonthResult::repaired).count(),
                    (int) results.stream().filter(r -> r.error() != null).count(), results);
        }
    }

    /** The scheduled run: every tenant of the current month, and of the previous one during a month's first 2 days. */
    Summary reconcileScheduled(Instant at) {
        YearMonth current = UsageMonths.of(at);
        List<YearMonth> months = new ArrayList<>();
        months.add(current);
        if (at.atZone(ZoneOffset.UTC).getDayOfMonth() <= 2) {
            months.add(current.minusMonths(1));
        }
        List<TenantMonthResult> results = new ArrayList<>();
        for (YearMonth month : months) {
            for (String tenantId : store.tenantsOf(month)) {
                results.add(reconcileSafely(tenantId, month));
            }
        }
        return Summary.of("schedule", months, results);
    }

    Summary reconcileOne(String tenantId, YearMonth month) {
        return Summary.of("manual", List.of(month), List.of(reconcileSafely(tenantId, month)));
    }

    private TenantMonthResult reconcileSafely(String tenantId, YearMonth month) {
        try {
            return reconcile(tenantId, month);
        }
        catch (RuntimeException e) {
            log.error("usage reconciliation failed tenant={} month={}", tenantId, month, e);
            return new TenantMonthResult(tenantId, month.toString(), -1, false, List.of(), e.toString());
        }
    }

    TenantMonthResult reconcile(String tenantId, YearMonth month) {
        List<String> repairs = new ArrayList<>();
        long events = 0;
        int conflicts = 0;
        int passes = 0;
        UsageStore.Tally tally = null;
        while (conflicts < ATTEMPTS && passes++ < 2 * ATTEMPTS) {
            MonthCounters before = store.counters(tenantId, month);
            tally = store.tally(tenantId, month, before.held().keySet());
            events = tally.events();
            long now = clock.millis();

            Set<String> removals = new LinkedHashSet<>();
            List<String> changes = new ArrayList<>();
            int countedMarks = 0;
            int staleMarks = 0;
            for (var held : before.held().entrySet()) {
                if (removals.size() >= MAX_REMOVALS_PER_WRITE) {
                    break;
                }
                if (tally.seenHeld().contains(held.getKey())) {
                    countedMarks++;
                    removals.add(UsageStore.heldAttribute(held.getKey()));
                }
                else if (now - held.getValue().sinceMillis() > reservationTimeout.toMillis()) {
                    staleMarks++;
                    removals.add(UsageStore.heldAttribute(held.getKey()));
                }
            }
            long keptMarks = before.held().size() - countedMarks - staleMarks;
            long reserved = tally.events() + keptMarks;

            compare(changes, "answered", before.answered(), tally.events());
            compare(changes, "reserved", before.reserved(), reserved);
            Set<String> plugs = new TreeSet<>(before.plugs().keySet());
            plugs.addAll(tally.plugs().keySet());
            for (String plug : plugs) {
                compare(changes, "plug " + plug, before.plugs().getOrDefault(plug, 0L), tally.plugs().getOrDefault(plug, 0L));
                if (!tally.plugs().containsKey(plug)) {
                    removals.add(UsageStore.plugAttribute(plug));
                }
            }
            Set<Integer> days = new TreeSet<>(before.days().keySet());
            days.addAll(tally.days().keySet());
            for (int day : days) {
                compare(changes, "day " + day, before.days().getOrDefault(day, 0L), tally.days().getOrDefault(day, 0L));
                if (!tally.days().containsKey(day)) {
                    removals.add(UsageStore.dayAttribute(day));
                }
            }
            if (countedMarks > 0) {
                changes.add("counted " + countedMarks + " answered request(s) whose count had not followed the event");
            }
            if (staleMarks > 0) {
                changes.add("released " + staleMarks + " reservation(s) older than " + reservationTimeout.toSeconds() + "s");
            }
            if (changes.isEmpty()) {
                break;
            }
            if (store.overwrite(tenantId, month, before.version(), tally.events(), reserved, tally.plugs(),
                    tally.days(), removals)) {
                repairs.addAll(changes);
                if (!before.registered()) {
                    store.register(tenantId, month);
                }
                log.warn("usage counters repaired tenant={} month={} repairs={}", tenantId, month, changes);
                // Loop once more: confirms the result, and continues if marks were left for a next write.
                continue;
            }
            conflicts++;
        }
        String error = conflicts >= ATTEMPTS
                ? "the counters kept changing during " + ATTEMPTS + " attempts; run again later" : null;
        return reportOverage(new TenantMonthResult(tenantId, month.toString(), events, !repairs.isEmpty(), repairs,
                error), month, tally.unreportedOverage());
    }

    /**
     * Sends billing the reports of the month's answers past an overage plan's quota that it never took (the queue was
     * unreachable, or chat stopped between marking the answer and reporting it), once they are older than a
     * reservation can be (so an answer still reporting is left alone), and marks each one taken. Same identifier and
     * idempotency key as the first attempt. Sample mode reports nothing, so there is nothing to send.
     */
    private TenantMonthResult reportOverage(TenantMonthResult result, YearMonth month,
            List<UsageStore.UnreportedOverage> unreportedOverage) {
        if (overage == OverageReporter.NONE) {
            return result;
        }
        Instant answeredBefore = clock.instant().minus(reservationTimeout);
        int sent = 0;
        List<String> failures = new ArrayList<>();
        for (UsageStore.UnreportedOverage unreported : unreportedOverage) {
            if (!unreported.answeredAt().isBefore(answeredBefore)) {
                continue; // still within its answer's reservation: chat may be reporting it now
            }
            String eventId = DynamoUsageMeter.usageEventId(result.tenantId(), month, unreported.requestId());
            try {
                overage.report(result.tenantId(), eventId, unreported.answeredAt());
                store.markOverageReported(result.tenantId(), month, unreported.requestId());
                sent++;
            }
            catch (RuntimeException e) {
                log.error("overage report of usage event {} still not taken by billing", eventId, e);
                failures.add(eventId);
            }
        }
        if (sent == 0 && failures.isEmpty()) {
            return result;
        }
        List<String> repairs = new ArrayList<>(result.repairs());
        if (sent > 0) {
            repairs.add("sent " + sent + " overage report(s) billing had not taken");
            log.warn("overage reports sent again tenant={} month={} count={}", result.tenantId(), month, sent);
        }
        String error = failures.isEmpty() ? result.error()
                : (result.error() == null ? "" : result.error() + "; ") + "overage reports not taken by billing: " + failures;
        return new TenantMonthResult(result.tenantId(), result.month(), result.events(), result.repaired() || sent > 0,
                List.copyOf(repairs), error);
    }

    private static void compare(List<String> changes, String what, long before, long after) {
        if (before != after) {
            changes.add(what + " " + before + " -> " + after);
        }
    }

    static Instant scheduledTime(Map<String, Object> event, Clock clock) {
        if (event.get("time") instanceof String time) {
            try {
                return Instant.parse(time);
            }
            catch (DateTimeParseException e) {
                // fall through to the clock
            }
        }
        return clock.instant();
    }

    static Duration reservationTimeout(Settings settings) {
        int seconds = settings.integer("USAGE_RESERVATION_TIMEOUT_SECONDS", 120);
        if (seconds < 1) {
            throw new IllegalStateException("USAGE_RESERVATION_TIMEOUT_SECONDS must be at least 1, was " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }
}
