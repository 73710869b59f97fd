package com.smeplug.billing;

import static com.smeplug.billing.StripePayments.call;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.stripe.StripeClient;
import com.stripe.model.SubscriptionItem;
import com.stripe.net.RequestOptions;
import com.stripe.param.InvoiceCreatePreviewParams;
import com.stripe.param.SubscriptionUpdateParams;

/**
 * Changes of the tenant's one Stripe subscription, always on that subscription: its item's price and quantity with
 * {@code proration_behavior=create_prorations} (previewed first with {@code invoices.createPreview} at the same
 * {@code proration_date}, so the preview is what the update does). The subscription is read from Stripe first, so a
 * retried change that Stripe already applied sends nothing.
 */
final class StripeSubscriptionChanges {

    private final StripeClient stripe;
    private final Map<String, String> priceIds;
    private final Clock clock;

    StripeSubscriptionChanges(StripeClient stripe, Map<String, String> priceIds, Clock clock) {
        this.stripe = stripe;
        this.priceIds = Map.copyOf(priceIds);
        this.clock = clock;
    }

    PaymentProvider.PlanChange change(PaymentProvider.ChangeRequest request) {
        String subscriptionId = request.current().stripeSubscriptionId();
        com.stripe.model.Subscription live = call("read the subscription",
                () -> stripe.v1().subscriptions().retrieve(subscriptionId));
        List<SubscriptionItem> items = live.getItems() == null ? List.of() : live.getItems().getData();
        if (items.size() != 1) {
            throw new ApiException(409, "subscription_not_changeable", "subscription " + subscriptionId + " has "
                    + items.size() + " items; a plan change needs exactly the one this service created");
        }
        SubscriptionItem item = items.get(0);
        String price = priceIds.get(request.plan().name());
        long quantity = request.plugIds().size();
        String fromPlan = planOf(item, request.current().plan());
        List<String> fromPlugs = request.current().plugIds();
        boolean samePrice = item.getPrice() != null && price.equals(item.getPrice().getId());
        if (samePrice && item.getQuantity() != null && item.getQuantity() == quantity
                && String.join(",", request.plugIds()).equals(live.getMetadata() == null ? null
                        : live.getMetadata().get("plug_ids"))) {
            return new PaymentProvider.PlanChange("unchanged", fromPlan, fromPlugs, request.plan().name(),
                    request.plugIds(), preview(live, item, price, quantity, null));
        }
        long prorationDate = clock.instant().getEpochSecond();
        Invoice preview = preview(live, item, price, quantity, prorationDate);
        var update = SubscriptionUpdateParams.builder()
                .addItem(SubscriptionUpdateParams.Item.builder().setId(item.getId()).setPrice(price)
                        .setQuantity(quantity).build())
                .setProrationBehavior(SubscriptionUpdateParams.ProrationBehavior.CREATE_PRORATIONS)
                .setProrationDate(prorationDate)
                .putMetadata("plan", request.plan().name())
                .putMetadata("plug_ids", String.join(",", request.plugIds()))
                .build();
        RequestOptions options = RequestOptions.builder().setIdempotencyKey("change_" + request.fingerprint()).build();
        call("update the subscription", () -> stripe.v1().subscriptions().update(subscriptionId, update, options));
        return new PaymentProvider.PlanChange("changed", fromPlan, fromPlugs, request.plan().name(), request.plugIds(),
                preview);
    }

    /** Stripe's {@code cancel_at_period_end} on the subscription; its answer says how it now stands. */
    PaymentProvider.Ending cancelAtPeriodEnd(String subscriptionId, boolean cancel, String requestKey) {
        var params = SubscriptionUpdateParams.builder().setCancelAtPeriodEnd(cancel).build();
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey((cancel ? "cancel_" : "resume_") + subscriptionId + "_" + requestKey).build();
        com.stripe.model.Subscription updated = call(cancel ? "cancel the subscription" : "resume the subscription",
                () -> stripe.v1().subscriptions().update(subscriptionId, params, options));
        Long end = updated.getItems() == null || updated.getItems().getData().isEmpty() ? null
                : updated.getItems().getData().get(0).getCurrentPeriodEnd();
        return new PaymentProvider.Ending(Boolean.TRUE.equals(updated.getCancelAtPeriodEnd()),
                end == null ? null : java.time.Instant.ofEpochSecond(end));
    }

    /** The next invoice of the subscription as it will be after the change ({@code prorationDate} null: as it is). */
    private Invoice preview(com.stripe.model.Subscription live, SubscriptionItem item, String price, long quantity,
            Long prorationDate) {
        var details = InvoiceCreatePreviewParams.SubscriptionDetails.builder();
        if (prorationDate != null) {
            details.addItem(InvoiceCreatePreviewParams.SubscriptionDetails.Item.builder().setId(item.getId())
                            .setPrice(price).setQuantity(quantity).build())
                    .setProrationBehavior(InvoiceCreatePreviewParams.SubscriptionDetails.ProrationBehavior.CREATE_PRORATIONS)
                    .setProrationDate(prorationDate);
        }
        var params = InvoiceCreatePreviewParams.builder().setCustomer(live.getCustomer()).setSubscription(live.getId())
                .setSubscriptionDetails(details.build()).build();
        return StripePayments.toInvoice(call("preview the next invoice", () -> stripe.v1().invoices().createPreview(params)));
    }

    private String planOf(SubscriptionItem item, String fallback) {
        String price = item.getPrice() == null ? null : item.getPrice().getId();
        return priceIds.entrySet().stream().filter(e -> e.getValue().equals(price)).map(Map.Entry::getKey)
                .findFirst().orElse(fallback);
    }
}
