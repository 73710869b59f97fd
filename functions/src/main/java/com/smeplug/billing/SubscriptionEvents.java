package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.smeplug.billing.SubscriptionStore.Guard;
import com.smeplug.platform.tenant.TenantDirectory;

/**
 * Applies billing events to the tenant's subscription: the one code path for Stripe's webhook and for the sample
 * ledger's completed checkout.
 *
 * <p>Whose event it is. A completed checkout moves the tenant it names only if we started that checkout for that
 * tenant ({@link PendingCheckouts}); it then binds the Stripe customer and subscription to the tenant. Every other
 * event moves a tenant only through that binding: its customer must be the tenant's and its subscription the one
 * stored. Metadata never decides; anything else is acknowledged and ignored.
 *
 * <p>Each event is applied once and never lost ({@link EventClaims}): it is claimed with a lease, applied, and only
 * then marked done; a crash in between leaves the lease to expire and Stripe's retry applies it. Every change is a
 * write that refuses to replace state from a newer event.
 */
final class SubscriptionEvents {

    /** How long a claimed event is left to its handler before a retry may take it over (above the Lambda timeout). */
    static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    public enum Status { APPLIED, DUPLICATE, STALE, IGNORED }

    /** The reason of a completed checkout refused because the tenant already has another live subscription. */
    public static final String SECOND_SUBSCRIPTION = "second subscription";

    public record Outcome(Status status, String tenantId, String reason) {

        static Outcome applied(String tenantId) {
            return new Outcome(Status.APPLIED, tenantId, null);
        }

        static Outcome stale(String tenantId, String reason) {
            return new Outcome(Status.STALE, tenantId, reason);
        }

        static Outcome ignored(String tenantId, String reason) {
            return new Outcome(Status.IGNORED, tenantId, reason);
        }
    }

    private final EventClaims claims;
    private final SubscriptionStore subscriptions;
    private final PendingCheckouts checkouts;
    private final StripeCustomers customers;
    private final TenantDirectory tenants;

    public SubscriptionEvents(com.smeplug.platform.aws.Table table, SubscriptionStore subscriptions,
            PendingCheckouts checkouts, StripeCustomers customers, TenantDirectory tenants, Clock clock) {
        this(new EventClaims(table, clock, DEFAULT_LEASE), subscriptions, checkouts, customers, tenants);
    }

    SubscriptionEvents(EventClaims claims, SubscriptionStore subscriptions, PendingCheckouts checkouts,
            StripeCustomers customers, TenantDirectory tenants) {
        this.claims = claims;
        this.subscriptions = subscriptions;
        this.checkouts = checkouts;
        this.customers = customers;
        this.tenants = tenants;
    }

    /** Applies {@code event} unless an event with this id was applied already (409 while another delivery holds it). */
    public Outcome apply(String eventId, String type, BillingEvent event) {
        if (!claims.claim(eventId, type)) {
            return new Outcome(Status.DUPLICATE, null, "event " + eventId + " was applied before");
        }
        Outcome outcome;
        try {
            outcome = change(event);
        }
        catch (RuntimeException failure) {
            claims.release(eventId, failure);
            throw failure;
        }
        claims.done(eventId, outcome);
        return outcome;
    }

    /** Records an event that needs no change (an unknown type), so a redelivery is recognised too. */
    public Outcome ignore(String eventId, String type, String reason) {
        if (!claims.claim(eventId, type)) {
            return new Outcome(Status.DUPLICATE, null, "event " + eventId + " was applied before");
        }
        Outcome outcome = Outcome.ignored(null, reason);
        claims.done(eventId, outcome);
        return outcome;
    }

    private Outcome change(BillingEvent event) {
        if (event instanceof BillingEvent.CheckoutCompleted e) {
            return checkoutCompleted(e);
        }
        String subscriptionId = event.subscriptionId();
        Optional<String> tenant = customers.tenantOf(event.customerId());
        if (tenant.isEmpty()) {
            return Outcome.ignored(null, "customer " + event.customerId() + " is not one of ours");
        }
        String tenantId = tenant.get();
        Optional<Subscription> stored = subscriptions.current(tenantId)
                .filter(s -> subscriptionId != null && subscriptionId.equals(s.stripeSubscriptionId()));
        if (stored.isEmpty()) {
            return Outcome.ignored(tenantId, "subscription " + subscriptionId + " is not the one stored for the tenant");
        }
        if (event instanceof BillingEvent.SubscriptionUpdated e) {
            return subscriptionUpdated(stored.get(), e);
        }
        if (event instanceof BillingEvent.SubscriptionDeleted e) {
            return subscriptionDeleted(stored.get(), e);
        }
        if (event instanceof BillingEvent.InvoicePaid e) {
            return statusChange(stored.get(), e.created(), Subscription.PAST_DUE, Subscription.ACTIVE);
        }
        return statusChange(stored.get(), event.created(), Subscription.ACTIVE, Subscription.PAST_DUE);
    }

    private Outcome checkoutCompleted(BillingEvent.CheckoutCompleted e) {
        String tenantId = e.tenantId();
        if (tenantId == null || !tenants.exists(tenantId)) {
            return Outcome.ignored(null, "checkout " + e.checkoutId() + " names no registered tenant");
        }
        if (checkouts.find(tenantId, e.checkoutId()).isEmpty()) {
            return Outcome.ignored(null, "checkout " + e.checkoutId() + " was not started by us for this tenant");
        }
        if (e.customerId() != null && !customers.link(e.customerId(), tenantId)) {
            return Outcome.ignored(tenantId, "customer " + e.customerId() + " belongs to another tenant");
        }
        // never two live subscriptions (two checkouts raced): the stored one stays, the new one is to be cancelled
        Optional<Outcome> second = secondSubscription(tenantId, e);
        if (second.isPresent()) {
            return second.get();
        }
        Instant at = Instant.ofEpochSecond(e.created());
        Subscription next = new Subscription(tenantId, e.plan(), e.plugIds(), e.status(), at, e.customerId(),
                e.subscriptionId(), e.mockMode(), e.created(), e.periodStart(), e.periodEnd());
        if (e.mockMode()) {
            // the ledger completes its checkout inside the subscribe request: first subscribes that raced meet here,
            // and only the first to write gets the subscription (a later one is a plan change, not a new start)
            if (!subscriptions.putIfNotOlder(next, Guard.NO_LIVE_SAMPLE_SUBSCRIPTION)) {
                return Outcome.stale(tenantId, SECOND_SUBSCRIPTION + ": another subscribe of the tenant started one first");
            }
            checkouts.completed(tenantId, e.checkoutId(), at);
            return Outcome.applied(tenantId);
        }
        checkouts.completed(tenantId, e.checkoutId(), at);
        // the check above and this write are one step for a checkout that completed at the same time as another
        if (subscriptions.putIfNotOlder(next, e.subscriptionId() == null ? Guard.ANY : Guard.NO_OTHER_LIVE_SUBSCRIPTION)) {
            return Outcome.applied(tenantId);
        }
        return secondSubscription(tenantId, e)
                .orElseGet(() -> Outcome.stale(tenantId, "the subscription has changed since this checkout"));
    }

    /** The refusal of a completed checkout whose tenant has another live Stripe subscription stored, if it has. */
    private Optional<Outcome> secondSubscription(String tenantId, BillingEvent.CheckoutCompleted e) {
        if (e.subscriptionId() == null) {
            return Optional.empty();
        }
        return subscriptions.current(tenantId).filter(Subscription::billable)
                .filter(s -> !s.mockMode() && s.stripeSubscriptionId() != null)
                .filter(s -> !s.stripeSubscriptionId().equals(e.subscriptionId()))
                .map(live -> Outcome.ignored(tenantId, SECOND_SUBSCRIPTION + ": the tenant already has "
                        + live.stripeSubscriptionId() + "; " + e.subscriptionId() + " is cancelled"));
    }

    private Outcome subscriptionUpdated(Subscription current, BillingEvent.SubscriptionUpdated e) {
        Subscription next = new Subscription(current.tenantId(),
                e.plan() != null ? e.plan() : current.plan(),
                e.plugIds() != null ? e.plugIds() : current.plugIds(),
                e.status(),
                e.startedAt() != null ? e.startedAt() : current.startedAt(),
                current.stripeCustomerId(), current.stripeSubscriptionId(), false, e.created(),
                e.periodStart() != null ? e.periodStart() : current.currentPeriodStart(),
                e.periodEnd() != null ? e.periodEnd() : current.currentPeriodEnd(),
                e.cancelAtPeriodEnd(), pastDueSince(current, e.status(), e.created()));
        return subscriptions.putIfNotOlder(next, Guard.SAME_LIVE_SUBSCRIPTION) ? Outcome.applied(current.tenantId())
                : Outcome.stale(current.tenantId(), "newer state is stored, or the subscription has ended");
    }

    private Outcome subscriptionDeleted(Subscription current, BillingEvent.SubscriptionDeleted e) {
        Subscription next = new Subscription(current.tenantId(), current.plan(), current.plugIds(),
                Subscription.CANCELED, current.startedAt(), current.stripeCustomerId(), current.stripeSubscriptionId(),
                false, e.created(), current.currentPeriodStart(), current.currentPeriodEnd(), false);
        return subscriptions.putIfNotOlder(next, Guard.SAME_SUBSCRIPTION) ? Outcome.applied(current.tenantId())
                : Outcome.stale(current.tenantId(), "newer state is stored");
    }

    /** Dunning's clock: set when the subscription first becomes past due, kept while it stays so, cleared after. */
    private static Instant pastDueSince(Subscription current, String status, long created) {
        if (!Subscription.PAST_DUE.equals(status)) {
            return null;
        }
        return Subscription.PAST_DUE.equals(current.status()) && current.pastDueSince() != null
                ? current.pastDueSince() : Instant.ofEpochSecond(created);
    }

    /**
     * An invoice moves the stored subscription from {@code from} to {@code to}; nothing else changes. One that finds
     * it in {@code to} already still records its time, so an older invoice event delivered after it is stale (a
     * payment that failed before the one that succeeded never makes the tenant past due).
     */
    private Outcome statusChange(Subscription s, long created, String from, String to) {
        if (!from.equals(s.status()) && !to.equals(s.status())) {
            return Outcome.ignored(s.tenantId(), "subscription " + s.stripeSubscriptionId() + " is " + s.status());
        }
        Subscription next = new Subscription(s.tenantId(), s.plan(), s.plugIds(), to, s.startedAt(),
                s.stripeCustomerId(), s.stripeSubscriptionId(), s.mockMode(), created, s.currentPeriodStart(),
                s.currentPeriodEnd(), s.cancelAtPeriodEnd(), pastDueSince(s, to, created));
        return subscriptions.putIfNotOlder(next, Guard.SAME_LIVE_SUBSCRIPTION) ? Outcome.applied(s.tenantId())
                : Outcome.stale(s.tenantId(), "newer state is stored");
    }
}
