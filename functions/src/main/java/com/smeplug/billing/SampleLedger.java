package com.smeplug.billing;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.billing.BillingPeriods.Period;
import com.smeplug.billing.LedgerRecords.Ledger;
import com.smeplug.billing.SubscriptionStore.Guard;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.http.ApiException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sample billing: a local ledger in the table, no money moves and nothing reaches Stripe.
 *
 * <p>What the ledger means. Billing is monthly in arrears from the day the subscription started. A period is billed
 * at plugs × price per plug of the plan in force when it started (its base), plus the proration lines of every
 * change made within it — a credit for the unused time of what was billed and a charge for the remaining time of what
 * replaced it, computed as Stripe's {@code create_prorations} does ({@link Proration}). When a period has ended, the
 * ledger records a simulated charge for it ({@code LEDGER#CHARGE#<period start>}, {@code mock_mode: true}). There is
 * no scheduler in sample mode, so the charges of periods that have ended are recorded the next time the tenant's
 * invoices are read (or before a change), each once (conditional put). An invoice is {@code paid} only when its
 * charge is recorded; the running period is a {@code draft} whose amount is what it will cost so far.
 *
 * <p>Subscribing records a pending checkout, then completes it through {@link SubscriptionEvents} exactly as
 * Stripe's {@code checkout.session.completed} would. Changing the plan of the live subscription changes it in place.
 */
final class SampleLedger implements PaymentProvider {

    static final String CURRENCY = "usd";
    /** A first subscribe that lost the race to another one of the same tenant (409). */
    static final String ALREADY_SUBSCRIBED = "already_subscribed";
    private static final DateTimeFormatter INVOICE_DAY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final LedgerRecords records;
    private final Plans plans;
    private final SubscriptionStore subscriptions;
    private final SubscriptionEvents events;
    private final PendingCheckouts checkouts;
    private final Clock clock;
    private final OverageUsage overage;

    public SampleLedger(com.smeplug.platform.aws.Table table, Plans plans, SubscriptionStore subscriptions,
            SubscriptionEvents events, PendingCheckouts checkouts, Clock clock, OverageUsage overage) {
        this.overage = overage;
        this.records = new LedgerRecords(table);
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.events = events;
        this.checkouts = checkouts;
        this.clock = clock;
    }

    @Override
    public String source() {
        return SAMPLE;
    }

    @Override
    public void cancelSubscription(String tenantId) {
        // no outside system: the ledger's subscription and charges are items of the tenant, deleted with it
    }

    @Override
    public CheckoutStarted checkout(CheckoutRequest request) {
        String checkoutId = "sample_cs_" + request.fingerprint().substring(0, 24);
        Optional<PendingCheckouts.Checkout> earlier = checkouts.find(request.tenantId(), checkoutId);
        if (earlier.isPresent() && PendingCheckouts.COMPLETED.equals(earlier.get().status())) {
            return new CheckoutStarted(checkoutId, request.successUrl(), Subscription.ACTIVE);
        }
        Instant now = now();
        checkouts.pending(request.tenantId(), new PendingCheckouts.Checkout(checkoutId, request.plan().name(),
                request.plugIds(), PendingCheckouts.PENDING, request.successUrl(), true), now);
        Period first = BillingPeriods.period(now, 0);
        var completed = new BillingEvent.CheckoutCompleted(request.tenantId(), checkoutId, request.plan().name(),
                request.plugIds(), null, null, Subscription.ACTIVE, first.start(), first.end(), true, now.getEpochSecond());
        var outcome = events.apply("sample_evt_" + checkoutId, "checkout.session.completed", completed);
        if (outcome.status() == SubscriptionEvents.Status.STALE && outcome.reason() != null
                && outcome.reason().startsWith(SubscriptionEvents.SECOND_SUBSCRIPTION)) {
            throw new ApiException(409, ALREADY_SUBSCRIBED, "another subscribe for this tenant started its subscription "
                    + "first; GET /billing/plan shows it, and POST /billing/subscribe again changes it");
        }
        // a duplicate is this checkout applied before: active only if it did start the subscription
        boolean started = outcome.status() == SubscriptionEvents.Status.APPLIED
                || outcome.status() == SubscriptionEvents.Status.DUPLICATE && checkouts.find(request.tenantId(), checkoutId)
                        .filter(c -> PendingCheckouts.COMPLETED.equals(c.status())).isPresent();
        String status = started ? Subscription.ACTIVE : PendingCheckouts.PENDING;
        return new CheckoutStarted(checkoutId, request.successUrl(), status);
    }

    @Override
    public PlanChange change(ChangeRequest request) {
        Subscription s = request.current();
        String tenantId = request.tenantId();
        if (s.plan().equals(request.plan().name()) && new HashSet<>(s.plugIds()).equals(new HashSet<>(request.plugIds()))) {
            return new PlanChange("unchanged", s.plan(), s.plugIds(), s.plan(), s.plugIds(), draft(s, records.read(tenantId), now()));
        }
        Plan from = plans.find(s.plan()).orElseThrow(() -> new ApiException(409, "plan_not_sold",
                "the current plan " + s.plan() + " is no longer sold, so the change cannot be prorated"));
        Instant now = now();
        Ledger ledger = records.read(tenantId);
        // the periods that ended before the change are billed as they were
        for (Period period : BillingPeriods.ended(anchor(s), now)) {
            charge(s, period, ledger, now);
        }
        Period running = BillingPeriods.current(anchor(s), now);
        String start = running.start().toString();
        if (!ledger.bases().containsKey(start)) {
            records.putOnce(tenantId, LedgerRecords.BASE + start, Map.of("period_start", Items.s(start),
                    "plan", Items.s(from.name()), "plug_count", Items.n(s.plugIds().size()),
                    "amount", AttributeValue.fromN(from.periodAmount(s.plugIds().size()).toPlainString())));
        }
        List<Invoice.Line> lines = Proration.lines(from, s.plugIds().size(), request.plan(), request.plugIds().size(),
                running, now);
        String change = request.fingerprint().substring(0, 24);
        for (int i = 0; i < lines.size(); i++) {
            // keyed by the request, so a retried change records its lines once
            records.putOnce(tenantId, LedgerRecords.LINE + start + "#" + change + "#" + i,
                    LedgerRecords.line(start, lines.get(i), now));
        }
        // as Stripe's subscription update: what the change does not name (a pending cancellation, a failed payment's
        // dunning) stays as it was
        Subscription next = new Subscription(tenantId, request.plan().name(), request.plugIds(), s.status(),
                s.startedAt(), null, null, true, Math.max(now.getEpochSecond(), s.eventTime()),
                s.currentPeriodStart(), s.currentPeriodEnd(), s.cancelAtPeriodEnd(), s.pastDueSince());
        subscriptions.putIfNotOlder(next, Guard.ANY);
        return new PlanChange("changed", s.plan(), s.plugIds(), next.plan(), next.plugIds(),
                draft(next, records.read(tenantId), now));
    }

    /** Nothing to tell anyone: the period's end is the ledger's own, and it stops billing there. */
    @Override
    public Ending cancelAtPeriodEnd(Subscription live, boolean cancel, String requestKey) {
        return new Ending(cancel, BillingPeriods.current(anchor(live), clock.instant()).end());
    }

    /** The console's billing page (or where the caller asked to go back to): sample billing has no portal. */
    @Override
    public String portalUrl(String tenantId, Subscription current, String returnUrl) {
        return returnUrl;
    }

    @Override
    public List<Invoice> invoices(String tenantId) {
        Instant now = clock.instant();
        Optional<Subscription> subscription = subscriptions.current(tenantId).filter(Subscription::mockMode);
        Ledger ledger = records.read(tenantId);
        subscription.filter(Subscription::billable).ifPresent(s -> {
            // a subscription cancelled at its period's end is billed up to that end, and no further
            Instant until = s.endedBy(now) ? s.currentPeriodEnd() : now;
            for (Period period : BillingPeriods.ended(anchor(s), until)) {
                charge(s, period, ledger, now);
            }
        });
        List<Invoice> invoices = new ArrayList<>();
        ledger.charges().values().forEach(item -> invoices.add(paid(item, ledger)));
        subscription.filter(Subscription::billable).filter(s -> !s.endedBy(now)).ifPresent(s -> {
            Invoice draft = draft(s, ledger, now);
            if (!ledger.charges().containsKey(draft.periodStart().toString())) {
                invoices.add(draft);
            }
        });
        invoices.sort(Comparator.comparing(Invoice::periodStart).reversed());
        return invoices;
    }

    private Instant now() {
        // Stripe's times are whole seconds; the ledger's are too, so a period ends where the next one starts
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant anchor(Subscription s) {
        return s.startedAt() != null ? s.startedAt() : Instant.ofEpochSecond(s.eventTime());
    }

    /**
     * What a period is billed at: its base (the plan in force when it started), the lines of its changes, and its
     * usage (questions answered past an overage plan's quota within the period, priced by {@link Plans#usageCharge}).
     */
    private record Bill(String plan, int plugCount, BigDecimal base, List<Invoice.Line> lines, Invoice.Line usage) {

        BigDecimal total() {
            return Plan.money(allLines().stream().skip(1).map(Invoice.Line::amount).reduce(base, BigDecimal::add));
        }

        List<Invoice.Line> allLines() {
            List<Invoice.Line> all = new ArrayList<>();
            all.add(new Invoice.Line(plugCount + " × " + plan, Plan.money(base), false));
            all.addAll(lines);
            if (usage != null) {
                all.add(usage);
            }
            return all;
        }
    }

    /** The usage line of a period up to {@code until}: none when nothing past the quota was answered in it. */
    private Invoice.Line usage(String tenantId, Period period, Instant until) {
        Instant end = until.isBefore(period.end()) ? until : period.end();
        long queries = overage.overageQueries(tenantId, period.start(), end);
        if (queries == 0) {
            return null;
        }
        var charge = plans.usageCharge(queries);
        return new Invoice.Line(queries + " × question past the quota (at $" + charge.unitPrice().toPlainString() + ")",
                charge.amount(), false);
    }

    /** Null when the plan is no longer sold: nothing to price it with, so no amount is made up. */
    private Bill bill(Subscription s, Period period, Ledger ledger) {
        String start = period.start().toString();
        Invoice.Line usage = usage(s.tenantId(), period, clock.instant());
        var base = ledger.bases().get(start);
        if (base != null) {
            return new Bill(Items.str(base, "plan"), (int) Items.num(base, "plug_count", 0),
                    new BigDecimal(base.get("amount").n()), ledger.linesOf(start), usage);
        }
        return plans.find(s.plan()).map(plan -> new Bill(plan.name(), s.plugIds().size(),
                plan.periodAmount(s.plugIds().size()), ledger.linesOf(start), usage)).orElse(null);
    }

    /** Records the simulated charge of one ended period, once; {@code ledger} is updated with what is stored. */
    private void charge(Subscription s, Period period, Ledger ledger, Instant now) {
        String start = period.start().toString();
        Bill bill = ledger.charges().containsKey(start) ? null : bill(s, period, ledger);
        if (bill == null) {
            return;
        }
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("period_start", Items.s(start));
        item.put("period_end", Items.s(period.end().toString()));
        item.put("plan", Items.s(s.plan()));
        item.put("plug_ids", Items.strings(s.plugIds()));
        item.put("plug_count", Items.n(s.plugIds().size()));
        item.put("base_plan", Items.s(bill.plan()));
        item.put("base_plug_count", Items.n(bill.plugCount()));
        item.put("base_amount", AttributeValue.fromN(bill.base().toPlainString()));
        item.put("amount", AttributeValue.fromN(bill.total().toPlainString()));
        if (bill.usage() != null) {
            item.put("usage_description", Items.s(bill.usage().description()));
            item.put("usage_amount", AttributeValue.fromN(bill.usage().amount().toPlainString()));
        }
        item.put("currency", Items.s(CURRENCY));
        item.put("charged_at", Items.s(period.end().toString()));
        item.put("recorded_at", Items.s(now.toString()));
        records.putOnce(s.tenantId(), LedgerRecords.CHARGE + start, item);
        ledger.charges().putAll(records.read(s.tenantId()).charges());
    }

    private static Invoice paid(Map<String, AttributeValue> charge, Ledger ledger) {
        Instant start = Instant.parse(Items.str(charge, "period_start"));
        Instant end = Instant.parse(Items.str(charge, "period_end"));
        String basePlan = Items.str(charge, "base_plan");
        Bill bill = new Bill(basePlan != null ? basePlan : Items.str(charge, "plan"),
                (int) Items.num(charge, basePlan != null ? "base_plug_count" : "plug_count", 0),
                new BigDecimal(charge.get(basePlan != null ? "base_amount" : "amount").n()),
                ledger.linesOf(start.toString()), charge.containsKey("usage_amount") ? new Invoice.Line(
                        Items.str(charge, "usage_description"), Plan.money(new BigDecimal(charge.get("usage_amount").n())),
                        false) : null);
        return new Invoice(invoiceId(start), start.toString().substring(0, 7),
                Plan.money(new BigDecimal(charge.get("amount").n())), Items.str(charge, "currency"), "paid", end, null,
                start, end, Items.str(charge, "plan"), (int) Items.num(charge, "plug_count", 0), bill.allLines());
    }

    private Invoice draft(Subscription s, Ledger ledger, Instant now) {
        Period running = BillingPeriods.current(anchor(s), now);
        Bill bill = bill(s, running, ledger);
        return new Invoice(invoiceId(running.start()), running.month(), bill == null ? Plan.money(BigDecimal.ZERO)
                : bill.total(), CURRENCY, "draft", running.start(), null, running.start(), running.end(), s.plan(),
                s.plugIds().size(), bill == null ? List.of() : bill.allLines());
    }

    private static String invoiceId(Instant periodStart) {
        return "sample_in_" + INVOICE_DAY.format(periodStart);
    }
}
