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
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.billing.BillingPeriods.Period;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Sample billing: a local ledger in the table, no money moves and nothing reaches Stripe.
 *
 * <p>What the ledger means. Billing is monthly in arrears from the day the subscription started. When a period has
 * ended, the ledger records a simulated charge for it ({@code PK=TENANT#id, SK=LEDGER#CHARGE#<period start>},
 * {@code mock_mode: true}): plugs × price per plug of the plan in force, in USD. There is no scheduler in sample
 * mode, so the charges of periods that have ended are recorded the next time the tenant's invoices are read (or when
 * a new subscription replaces the old one), each once (conditional put). An invoice is {@code paid} only when its
 * charge is recorded; the running period is a {@code draft} whose amount is what it will cost. A checkout that
 * replaces a running subscription closes its period at that moment and charges it in full (no proration).
 *
 * <p>Subscribing records a pending checkout, then completes it through {@link SubscriptionEvents} exactly as
 * Stripe's {@code checkout.session.completed} would.
 */
public final class SampleLedger implements PaymentProvider {

    static final String CURRENCY = "usd";
    private static final String CHARGE_PREFIX = "LEDGER#CHARGE#";
    private static final DateTimeFormatter INVOICE_DAY = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    private final Table table;
    private final Plans plans;
    private final SubscriptionStore subscriptions;
    private final SubscriptionEvents events;
    private final PendingCheckouts checkouts;
    private final Clock clock;

    public SampleLedger(Table table, Plans plans, SubscriptionStore subscriptions, SubscriptionEvents events,
            PendingCheckouts checkouts, Clock clock) {
        this.table = table;
        this.plans = plans;
        this.subscriptions = subscriptions;
        this.events = events;
        this.checkouts = checkouts;
        this.clock = clock;
    }

    @Override
    public boolean mockMode() {
        return true;
    }

    @Override
    public String source() {
        return "sample";
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
        // Stripe's times are whole seconds; the ledger's are too, so a period ends where the next one starts
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        checkouts.pending(request.tenantId(), new PendingCheckouts.Checkout(checkoutId, request.plan().name(),
                request.plugIds(), PendingCheckouts.PENDING, request.successUrl(), true), now);
        subscriptions.current(request.tenantId()).filter(s -> s.mockMode() && s.billable())
                .ifPresent(previous -> closeRunningPeriod(previous, now));
        Period first = BillingPeriods.period(now, 0);
        var completed = new BillingEvent.CheckoutCompleted(request.tenantId(), checkoutId, request.plan().name(),
                request.plugIds(), null, null, true, first.start(), first.end(), true, now.getEpochSecond());
        var outcome = events.apply("sample_evt_" + checkoutId, "checkout.session.completed", completed);
        String status = outcome.status() == SubscriptionEvents.Status.APPLIED
                || outcome.status() == SubscriptionEvents.Status.DUPLICATE ? Subscription.ACTIVE : PendingCheckouts.PENDING;
        return new CheckoutStarted(checkoutId, request.successUrl(), status);
    }

    @Override
    public List<Invoice> invoices(String tenantId) {
        Instant now = clock.instant();
        Optional<Subscription> subscription = subscriptions.current(tenantId).filter(Subscription::mockMode);
        Map<String, Map<String, AttributeValue>> charges = charges(tenantId);
        subscription.filter(Subscription::billable).ifPresent(s -> {
            for (Period period : BillingPeriods.ended(anchor(s), now)) {
                charge(s, period, period.end(), now, charges);
            }
        });
        List<Invoice> invoices = new ArrayList<>();
        charges.values().forEach(item -> invoices.add(paid(item)));
        subscription.filter(Subscription::billable).ifPresent(s -> {
            Period running = BillingPeriods.current(anchor(s), now);
            if (!charges.containsKey(running.start().toString())) {
                invoices.add(draft(s, running));
            }
        });
        invoices.sort(Comparator.comparing(Invoice::periodStart).reversed());
        return invoices;
    }

    /** Charges the ended periods of a subscription that is being replaced, and its running period up to now. */
    private void closeRunningPeriod(Subscription previous, Instant now) {
        Map<String, Map<String, AttributeValue>> charges = charges(previous.tenantId());
        for (Period period : BillingPeriods.ended(anchor(previous), now)) {
            charge(previous, period, period.end(), now, charges);
        }
        Period running = BillingPeriods.current(anchor(previous), now);
        if (running.start().isBefore(now)) {
            charge(previous, running, now, now, charges);
        }
    }

    private static Instant anchor(Subscription s) {
        return s.startedAt() != null ? s.startedAt() : Instant.ofEpochSecond(s.eventTime());
    }

    private Map<String, Map<String, AttributeValue>> charges(String tenantId) {
        Map<String, Map<String, AttributeValue>> byStart = new HashMap<>();
        Map<String, AttributeValue> startKey = null;
        do {
            var page = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)),
                            ":prefix", Items.s(CHARGE_PREFIX)))
                    .exclusiveStartKey(startKey)
                    .consistentRead(true)
                    .build());
            page.items().forEach(item -> byStart.put(Items.str(item, "period_start"), item));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        return byStart;
    }

    /** Records the simulated charge of one period, once; {@code charges} is updated with what is stored. */
    private void charge(Subscription s, Period period, Instant end, Instant now,
            Map<String, Map<String, AttributeValue>> charges) {
        String start = period.start().toString();
        if (charges.containsKey(start)) {
            return;
        }
        Plan plan = plans.find(s.plan()).orElse(null);
        if (plan == null) {
            return; // a plan this deployment no longer sells: nothing to price it with, so no charge is made up
        }
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(s.tenantId()), CHARGE_PREFIX + start));
        item.put("tenant_id", Items.s(s.tenantId()));
        item.put("period_start", Items.s(start));
        item.put("period_end", Items.s(end.toString()));
        item.put("plan", Items.s(plan.name()));
        item.put("plug_ids", Items.strings(s.plugIds()));
        item.put("plug_count", Items.n(s.plugIds().size()));
        item.put("price_per_plug", AttributeValue.fromN(plan.pricePerPlug().toPlainString()));
        item.put("amount", AttributeValue.fromN(plan.periodAmount(s.plugIds().size()).toPlainString()));
        item.put("currency", Items.s(CURRENCY));
        item.put("charged_at", Items.s(end.toString()));
        item.put("recorded_at", Items.s(now.toString()));
        item.put("mock_mode", Items.bool(true));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
            charges.put(start, item);
        }
        catch (ConditionalCheckFailedException recordedMeanwhile) {
            charges.putAll(charges(s.tenantId()));
        }
    }

    private static Invoice paid(Map<String, AttributeValue> charge) {
        Instant start = Instant.parse(Items.str(charge, "period_start"));
        Instant end = Instant.parse(Items.str(charge, "period_end"));
        return new Invoice(invoiceId(start), start.toString().substring(0, 7),
                Plan.money(new BigDecimal(charge.get("amount").n())), Items.str(charge, "currency"), "paid", end, null, start, end,
                Items.str(charge, "plan"), (int) Items.num(charge, "plug_count", 0));
    }

    private Invoice draft(Subscription s, Period running) {
        Plan plan = plans.find(s.plan()).orElse(null);
        BigDecimal amount = plan == null ? BigDecimal.ZERO : plan.periodAmount(s.plugIds().size());
        return new Invoice(invoiceId(running.start()), running.month(), amount, CURRENCY, "draft", running.start(), null,
                running.start(), running.end(), s.plan(), s.plugIds().size());
    }

    private static String invoiceId(Instant periodStart) {
        return "sample_in_" + INVOICE_DAY.format(periodStart);
    }
}
