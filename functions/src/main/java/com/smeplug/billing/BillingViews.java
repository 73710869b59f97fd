package com.smeplug.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Response bodies of the billing functions (SPEC §2 shapes, with a few more fields). */
final class BillingViews {

    private BillingViews() {
    }

    /**
     * {@code GET /billing/plan}. A tenant without a subscription: {@code plan} null, {@code status} "none", zeros. A
     * subscription set to cancel bills no more: {@code next_billing_date} null, {@code ends_at} the end of its period;
     * once that has passed, {@code status} "canceled" and {@code mrr} 0.
     */
    record BillingPlan(String tenantId, String plan, String status, List<String> plugIds, int plugCount,
            BigDecimal pricePerPlug, BigDecimal mrr, String currency, Instant startedAt, Instant currentPeriodStart,
            Instant nextBillingDate, String stripeCustomerId, String stripeSubId, boolean mockMode, String source,
            boolean cancelAtPeriodEnd, Instant endsAt) {
    }

    /** {@code GET /billing/invoices}. */
    record Invoices(String tenantId, List<Invoice> invoices, boolean mockMode, String source) {
    }

    /**
     * {@code POST /billing/subscribe}: a started checkout ({@code checkout_url}), or, with a live subscription, the
     * {@code change} made to it and the {@code preview} of its next invoice. {@code cancelAtPeriodEnd}: whether the
     * subscription still ends with its period (a change keeps a pending cancellation, as Stripe's update does).
     */
    record SubscribeResponse(boolean success, String checkoutUrl, String checkoutId, String status, String plan,
            List<String> plugIds, BigDecimal mrr, boolean mockMode, String source, Change change, Invoice preview,
            boolean cancelAtPeriodEnd) {
    }

    /** {@code status}: {@code changed}, or {@code unchanged} (already that plan and those plugs: nothing done). */
    record Change(String status, String fromPlan, List<String> fromPlugIds, String plan, List<String> plugIds) {
    }

    /** {@code POST /billing/cancel} and {@code /billing/resume}: {@code ends_at} null while it goes on. */
    record Ending(String tenantId, String plan, String status, boolean cancelAtPeriodEnd, Instant endsAt,
            Instant currentPeriodEnd, boolean mockMode, String source) {
    }

    /** {@code POST /billing/portal}: where the tenant manages its payment. */
    record Portal(String url, boolean mockMode, String source) {
    }

    /** {@code POST /billing/webhook}: what happened to the event. */
    record WebhookAck(boolean received, String eventId, String type, String outcome, String reason) {
    }

    static BillingViews.BillingPlan planView(String tenantId, Optional<Subscription> current, Plans plans,
            boolean realStripe, Instant now) {
        if (current.isEmpty()) {
            BigDecimal zero = Plan.money(BigDecimal.ZERO);
            return new BillingViews.BillingPlan(tenantId, null, "none", List.of(), 0, zero, zero,
                    SampleLedger.CURRENCY, null, null, null, null, null, !realStripe, realStripe ? "stripe" : "sample", false,
                    null);
        }
        Subscription s = current.get();
        Optional<Plan> plan = plans.find(s.plan());
        int plugCount = s.plugIds().size();
        BigDecimal price = Plan.money(plan.map(Plan::pricePerPlug).orElse(BigDecimal.ZERO));
        // a cancelled subscription whose period is over bills nothing (the sample ledger never marks it canceled)
        boolean ended = s.endedBy(now);
        boolean billed = s.billable() && !ended;
        BigDecimal mrr = Plan.money(billed ? plan.map(p -> p.periodAmount(plugCount)).orElse(BigDecimal.ZERO) : BigDecimal.ZERO);
        Instant periodStart = null;
        Instant nextBilling = null;
        if (billed) {
            if (!s.mockMode() && s.currentPeriodEnd() != null && s.currentPeriodEnd().isAfter(now)) {
                periodStart = s.currentPeriodStart();
                nextBilling = s.currentPeriodEnd();
            }
            else if (s.startedAt() != null) {
                var period = BillingPeriods.current(s.startedAt(), now);
                periodStart = period.start();
                nextBilling = period.end();
            }
        }
        // when it ends is the end it was cancelled for, as stored; a period computed from today would run past it
        Instant endsAt = !s.cancelAtPeriodEnd() ? null : s.currentPeriodEnd() != null ? s.currentPeriodEnd() : nextBilling;
        return new BillingViews.BillingPlan(tenantId, s.plan(), ended ? Subscription.CANCELED : s.status(), s.plugIds(),
                plugCount, price, mrr,
                SampleLedger.CURRENCY, s.startedAt(), periodStart, s.cancelAtPeriodEnd() ? null : nextBilling,
                s.stripeCustomerId(), s.stripeSubscriptionId(), s.mockMode(), s.mockMode() ? "sample" : "stripe",
                s.cancelAtPeriodEnd(), endsAt);
    }
}
