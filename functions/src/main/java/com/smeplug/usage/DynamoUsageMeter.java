package com.smeplug.usage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Pattern;

import com.smeplug.billing.OverageReporter;
import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.usage.UsageStore.UsageEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The usage meter on DynamoDB, without transactions (dynalite has none). Items: see {@link UsageStore}.
 *
 * <h2>Protocol for one chat request (tenant T, request id R, month M = the UTC month when R reserves)</h2>
 * <ol>
 *   <li><b>reserve</b>: if {@code EVENT#R} exists, R was answered before: {@code alreadyCounted}, no quota used.
 *       Otherwise one conditional UpdateItem on {@code COUNTERS}: {@code ADD reserved 1, SET held#R = <now>/<attempt token>}
 *       if {@code held#R} is absent and {@code reserved < quota}. Refused: 429 (quota used up), or 409 while another
 *       attempt of R holds a reservation (taken over once that one is older than the reservation timeout).</li>
 *   <li><b>record</b>: {@code PutItem EVENT#R} if absent (the idempotency gate), then one UpdateItem on
 *       {@code COUNTERS}: {@code REMOVE held#R, ADD answered 1, plug#P 1, day#D 1} if {@code held#R} exists. If the
 *       event existed (another attempt of R answered first), the reservation is released instead.</li>
 *   <li><b>release</b> (no answer): {@code REMOVE held#R, ADD reserved -1} if {@code held#R} exists.</li>
 * </ol>
 *
 * <h2>Guarantee</h2>
 * <ul>
 *   <li>At most one event per request id and month. Counters follow events: a request is counted when, and only
 *       when, the update that removes its mark {@code held#R} runs after its event was written; the removal is
 *       conditional, so it happens once. Counters never count a request twice, and total, per-plug and per-day
 *       counters always move together (one item, one atomic update).</li>
 *   <li>Quota: after every step {@code reserved = answered + number of held marks}, and the {@code reserved < quota}
 *       check is part of the same atomic update that takes a unit, so with quota Q at most Q requests of a month are
 *       answered, however many arrive at once; a failed answer gives its unit back.</li>
 *   <li>Reading a month is one consistent GetItem of {@code COUNTERS}: its cost does not grow with the events.</li>
 * </ul>
 *
 * <h2>If the process dies between steps</h2>
 * <ul>
 *   <li>After reserve, before record or release (or a release that failed): the mark keeps one unit of quota
 *       (the tenant can ask one question less) until a retry of R takes the reservation over after the reservation
 *       timeout, or reconciliation releases it. Usage numbers are unaffected.</li>
 *   <li>After the event, before the counter update (or that update failed): the answered request is not counted
 *       yet (usage reads one less) but its unit stays reserved, so the quota stays exact. A retry of R sees the event
 *       and is not counted again. Reconciliation counts it. If the caller then releases the reservation, the unit is
 *       given back as well (usage and quota one too generous) until reconciliation.</li>
 * </ul>
 * Reconciliation ({@link UsageReconciler}, daily and on demand) recounts answered, per plug and per day from the
 * events, drops the marks of events it counted and marks older than the reservation timeout, sets
 * {@code reserved = answered + remaining marks}, and writes this only if the counters are still at the version it
 * read (else it starts over), so it cannot lose a count made meanwhile.
 * Limit: the reservation timeout ({@code USAGE_RESERVATION_TIMEOUT_SECONDS}, default 120) must be longer than the
 * chat function's timeout; an attempt that outlived it and then answered could pass the quota by one and would be
 * counted late, by reconciliation.
 * A request id is idempotent within its month, and across the month boundary for the length of that timeout.
 */
final class DynamoUsageMeter implements UsageMeter {

    private static final Logger log = LoggerFactory.getLogger(DynamoUsageMeter.class);
    private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:=+/-]{1,128}");
    private static final Pattern PLUG_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    private static final int ATTEMPTS = 5;

    private final UsageStore store;
    private final Quotas quotas;
    private final Clock clock;
    private final Duration retention;
    private final Duration reservationTimeout;
    private final OverageReporter overage;

    DynamoUsageMeter(UsageStore store, Quotas quotas, Clock clock, Duration retention,
            Duration reservationTimeout, OverageReporter overage) {
        this.overage = overage;
        this.store = store;
        this.quotas = quotas;
        this.clock = clock;
        this.retention = retention;
        this.reservationTimeout = reservationTimeout;
    }

    @Override
    public Reservation reserve(String tenantId, String requestId) {
        if (requestId == null || !REQUEST_ID.matcher(requestId).matches()) {
            throw ApiException.invalid("request id must be 1 to 128 letters, digits or . _ : = + / -");
        }
        Instant now = clock.instant();
        YearMonth month = UsageMonths.of(now);
        if (answeredBefore(tenantId, requestId, month, now)) {
            return new Reservation(tenantId, requestId, month.toString(), true);
        }
        Quotas.Quota quota = quotas.of(tenantId);
        if (quota.plan() == null) {
            throw QuotaExceededException.noSubscription();
        }
        if (quota.limit() <= 0 && !quota.overage()) {
            throw QuotaExceededException.usedUp(quota.limit(), month, now);
        }
        if (Probe.isTenant(tenantId)) {
            return new Reservation(tenantId, requestId, month.toString(), false); // priming's probe: nothing is written
        }
        // an overage plan answers past its quota (and bills it): only a hard quota caps reservations
        long cap = quota.overage() ? Long.MAX_VALUE : quota.limit();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            MonthCounters.Held mark = new MonthCounters.Held(now.toEpochMilli(), UUID.randomUUID().toString());
            try {
                MonthCounters before = store.reserve(tenantId, month, requestId, cap, mark);
                if (!before.registered()) {
                    register(tenantId, month);
                }
                return new Reservation(tenantId, requestId, month.toString(), false);
            }
            catch (ConditionalCheckFailedException refused) {
                MonthCounters counters = store.counters(tenantId, month);
                MonthCounters.Held held = counters.held().get(requestId);
                if (mark.equals(held)) {
                    // Our own mark: the SDK retried an update whose first attempt succeeded but whose answer was lost.
                    return new Reservation(tenantId, requestId, month.toString(), false);
                }
                if (held != null) {
                    if (now.toEpochMilli() - held.sinceMillis() > reservationTimeout.toMillis()
                            && store.takeOver(tenantId, month, requestId, held, mark)) {
                        log.warn("took over a reservation older than {}s tenant={} request={}",
                                reservationTimeout.toSeconds(), tenantId, requestId);
                        return new Reservation(tenantId, requestId, month.toString(), false);
                    }
                    throw new ApiException(409, "request_in_progress",
                            "request " + requestId + " is being answered already; retry once it has finished");
                }
                if (counters.reserved() >= cap) {
                    throw QuotaExceededException.usedUp(quota.limit(), month, now);
                }
                // A unit was given back between the refusal and the read: try again.
            }
        }
        throw QuotaExceededException.usedUp(quota.limit(), month, now);
    }

    @Override
    public void record(Reservation reservation, String plugId, TokenUsage tokens) {
        if (reservation.alreadyCounted() || Probe.isTenant(reservation.tenantId())) {
            return;
        }
        if (plugId == null || !PLUG_ID.matcher(plugId).matches()) {
            throw new IllegalArgumentException("not a plug id: " + plugId);
        }
        YearMonth month = YearMonth.parse(reservation.month());
        Instant now = clock.instant();
        // An answer that finishes after midnight at the end of the month stays in the month whose quota it used.
        int day = UsageMonths.of(now).equals(month) ? now.atZone(ZoneOffset.UTC).getDayOfMonth()
                : month.atEndOfMonth().getDayOfMonth();
        UsageEvent event = new UsageEvent(reservation.tenantId(), month, reservation.requestId(), plugId, day,
                now.toString(), UUID.randomUUID().toString());
        boolean written = store.putEvent(event, tokens, now.plus(retention).getEpochSecond())
                // Refused, but the event is ours: the SDK retried a write whose first attempt succeeded.
                || store.event(reservation.tenantId(), month, reservation.requestId())
                        .map(existing -> event.attempt().equals(existing.attempt())).orElse(false);
        if (written) {
            long place = store.complete(reservation.tenantId(), month, reservation.requestId(), plugId, day);
            billOverage(reservation, month, place, now);
        }
        else {
            // Another attempt of this request id was answered and counted first: give this unit back.
            store.release(reservation.tenantId(), month, reservation.requestId());
        }
    }

    /**
     * The month's {@code place}-th answer of an overage plan, past its quota: marked on the event and counted (what
     * usage shows and the sample ledger bills), then reported to billing with the event's id, so a report sent again
     * is counted once. In real mode reporting is a message on the overage report queue (Stripe is called off it, with
     * redelivery), and a report the queue took is marked on the event; one that fails (SQS unreachable after the SDK's
     * retries, or this function stopped in between) stays unmarked, and the reconciler sends it (UsageReconciler).
     */
    private void billOverage(Reservation reservation, YearMonth month, long place, Instant at) {
        Quotas.Quota quota = quotas.of(reservation.tenantId());
        if (!quota.overage() || place <= quota.limit()
                || !store.markOverage(reservation.tenantId(), month, reservation.requestId())) {
            return;
        }
        String eventId = usageEventId(reservation.tenantId(), month, reservation.requestId());
        try {
            overage.report(reservation.tenantId(), eventId, at);
        }
        catch (RuntimeException e) {
            log.error("overage of tenant={} request={} (usage event {}) not reported to billing; the reconciler will "
                    + "send it", reservation.tenantId(), reservation.requestId(), eventId, e);
            return;
        }
        if (overage != OverageReporter.NONE) {
            try {
                store.markOverageReported(reservation.tenantId(), month, reservation.requestId());
            }
            catch (RuntimeException e) {
                log.warn("overage of tenant={} request={} (usage event {}) reported but not marked so: the reconciler "
                        + "may send it again (same identifier and idempotency key)", reservation.tenantId(),
                        reservation.requestId(), eventId, e);
            }
        }
    }

    /** Our id of one answered request's usage event: at most 100 characters, as Stripe's meter identifiers are. */
    static String usageEventId(String tenantId, YearMonth month, String requestId) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (tenantId + "\n" + month + "\n" + requestId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "usage_" + java.util.HexFormat.of().formatHex(hash);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void release(Reservation reservation) {
        if (reservation.alreadyCounted() || Probe.isTenant(reservation.tenantId())) {
            return;
        }
        store.release(reservation.tenantId(), YearMonth.parse(reservation.month()), reservation.requestId());
    }

    /** Whether an event exists for the request id (this month, or last month right after the month turned). */
    private boolean answeredBefore(String tenantId, String requestId, YearMonth month, Instant now) {
        if (store.event(tenantId, month, requestId).isPresent()) {
            return true;
        }
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return now.isBefore(monthStart.plus(reservationTimeout))
                && store.event(tenantId, month.minusMonths(1), requestId).isPresent();
    }

    private void register(String tenantId, YearMonth month) {
        try {
            store.register(tenantId, month);
        }
        catch (RuntimeException e) {
            // Not fatal: the next reservation of the month tries again (the counters are not marked registered).
            log.warn("could not add tenant={} month={} to the usage month index", tenantId, month, e);
        }
    }

    static Duration retention(Settings settings) {
        int days = settings.integer("USAGE_RETENTION_DAYS", 400);
        if (days < 1) {
            throw new IllegalStateException("USAGE_RETENTION_DAYS must be at least 1, was " + days);
        }
        return Duration.ofDays(days);
    }
}
