package com.smeplug.billing;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.plugs.PlugCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The billing feature's functions ({@code billingPlan}, {@code invoices}, {@code subscribe}, {@code stripeWebhook})
 * and its payment provider, chosen once from {@code USE_REAL_STRIPE}.
 */
@Configuration(proxyBeanMethods = false)
public class BillingConfiguration {

    /** Stripe events carry whole objects (invoices with their lines); API Gateway allows far more than this. */
    static final int WEBHOOK_MAX_BYTES = 512 * 1024;
    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    @Bean
    PendingCheckouts pendingCheckouts(Table table) {
        return new PendingCheckouts(table);
    }

    @Bean
    StripeCustomers stripeCustomers(Table table) {
        return new StripeCustomers(table);
    }

    @Bean
    SubscriptionEvents subscriptionEvents(Table table, SubscriptionStore subscriptions, PendingCheckouts checkouts,
            StripeCustomers customers, TenantStore tenants, Clock clock) {
        return new SubscriptionEvents(table, subscriptions, checkouts, customers, tenants, clock);
    }

    /**
     * {@code USE_REAL_STRIPE=true}: Stripe, which needs {@code STRIPE_SECRET_KEY} and a price id per plan
     * ({@code STRIPE_PRICE_STARTER}, ...) — a missing one stops start-up naming it. Otherwise the sample ledger.
     */
    @Bean
    PaymentProvider paymentProvider(Settings settings, Plans plans, SubscriptionStore subscriptions,
            SubscriptionEvents events, PendingCheckouts checkouts, Table table, Clock clock, OverageUsage overage) {
        if (!settings.flag("USE_REAL_STRIPE")) {
            return new SampleLedger(table, plans, subscriptions, events, checkouts, clock, overage);
        }
        return StripePayments.fromSettings(settings, subscriptions, checkouts, clock);
    }

    /** Real mode needs {@code STRIPE_WEBHOOK_SECRET}; without a real Stripe an unset secret refuses every event. */
    @Bean
    StripeEvents stripeEvents(Settings settings, Clock clock, SubscriptionEvents events, PaymentProvider payments) {
        String secret = settings.flag("USE_REAL_STRIPE")
                ? settings.required("STRIPE_WEBHOOK_SECRET", "USE_REAL_STRIPE=true (the webhook's signing secret)")
                : settings.get("STRIPE_WEBHOOK_SECRET", null);
        long tolerance = settings.integer("STRIPE_WEBHOOK_TOLERANCE_SECONDS", 300);
        if (payments instanceof StripePayments stripe) {
            return new StripeEvents(secret, tolerance, clock, events, new StripeEvents.StripeObjects() {
                @Override
                public tools.jackson.databind.JsonNode subscription(String subscriptionId) {
                    return stripe.subscriptionJson(subscriptionId);
                }

                @Override
                public void cancelSubscription(String subscriptionId) {
                    stripe.cancelNow(subscriptionId);
                }
            }, stripe.planByPrice());
        }
        return new StripeEvents(secret, tolerance, clock, events, StripeEvents.StripeObjects.NONE, Map.of());
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> billingPlan(HttpFunctions http, Subscriptions subscriptions,
            Plans plans, Settings settings, Clock clock) {
        boolean real = settings.flag("USE_REAL_STRIPE");
        return http.route(Route.get(), request -> ApiResponse.ok(
                planView(request.tenant(), subscriptions.current(request.tenant()), plans, real, clock.instant())));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> invoices(HttpFunctions http, PaymentProvider payments) {
        return http.route(Route.get(), request -> ApiResponse.ok(new BillingViews.Invoices(request.tenant(),
                payments.invoices(request.tenant()), payments.mockMode(), payments.source())));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> subscribe(HttpFunctions http, PaymentProvider payments,
            Subscriptions subscriptions, Plans plans, PlugCatalog catalog) {
        Subscribing subscribing = new Subscribing(payments, subscriptions);
        return http.route(Route.post().admin(), request -> {
            var valid = request.bodyAs(SubscribeRequest.class).validate(plans, catalog);
            return ApiResponse.ok(subscribing.subscribe(request.tenant(), requestKey(request), valid));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> cancelSubscription(HttpFunctions http, PaymentProvider payments,
            SubscriptionStore subscriptions, Clock clock) {
        SubscriptionEnding ending = new SubscriptionEnding(payments, subscriptions, clock);
        return http.route(Route.post().admin(),
                request -> ApiResponse.ok(ending.set(request.tenant(), true, requestKey(request))));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> resumeSubscription(HttpFunctions http, PaymentProvider payments,
            SubscriptionStore subscriptions, Clock clock) {
        SubscriptionEnding ending = new SubscriptionEnding(payments, subscriptions, clock);
        return http.route(Route.post().admin(),
                request -> ApiResponse.ok(ending.set(request.tenant(), false, requestKey(request))));
    }

    /**
     * {@code POST /billing/portal} {@code {return_url?}}: where the tenant manages its payment. Back to
     * {@code return_url}, else to the console's billing page ({@code CONSOLE_BILLING_URL}, default {@code /#/billing}).
     */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> billingPortal(HttpFunctions http, PaymentProvider payments,
            Subscriptions subscriptions, Settings settings) {
        String consoleBilling = settings.get("CONSOLE_BILLING_URL", "/#/billing");
        return http.route(Route.post().admin(), request -> {
            String returnUrl = request.body().length == 0 ? null : request.bodyAs(PortalRequest.class).returnUrl();
            returnUrl = returnUrl == null ? consoleBilling : SubscribeRequest.url("return_url", returnUrl);
            String url = payments.portalUrl(request.tenant(), subscriptions.current(request.tenant()).orElse(null),
                    returnUrl);
            return ApiResponse.ok(new BillingViews.Portal(url, payments.mockMode(), payments.source()));
        });
    }

    record PortalRequest(String returnUrl) {
    }

    /** The client's request: its Idempotency-Key, or API Gateway's request id, so a retry is recognised. */
    static String requestKey(com.smeplug.platform.http.ApiRequest request) {
        return request.header("idempotency-key").filter(key -> !key.isBlank()).map(key -> {
            if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw ApiException.invalid("Idempotency-Key is longer than " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
            }
            return "client:" + key;
        }).orElse("request:" + request.requestId());
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> stripeWebhook(HttpFunctions http, StripeEvents stripe) {
        return http.route(Route.post(WEBHOOK_MAX_BYTES).unauthenticated(), request -> {
            var received = stripe.receive(request.bodyText(), request.header("stripe-signature").orElse(null));
            var outcome = received.outcome();
            return ApiResponse.ok(new BillingViews.WebhookAck(true, received.eventId(), received.type(),
                    outcome.status().name().toLowerCase(Locale.ROOT), outcome.reason()));
        });
    }

    static BillingViews.BillingPlan planView(String tenantId, Optional<Subscription> current, Plans plans,
            boolean realStripe, Instant now) {
        if (current.isEmpty()) {
            BigDecimal zero = Plan.money(BigDecimal.ZERO);
            return new BillingViews.BillingPlan(tenantId, null, "none", List.of(), 0, zero, zero,
                    SampleLedger.CURRENCY, null, null, null, null, null, !realStripe, realStripe ? "stripe" : "sample", false);
        }
        Subscription s = current.get();
        Optional<Plan> plan = plans.find(s.plan());
        int plugCount = s.plugIds().size();
        BigDecimal price = Plan.money(plan.map(Plan::pricePerPlug).orElse(BigDecimal.ZERO));
        BigDecimal mrr = Plan.money(s.billable() ? plan.map(p -> p.periodAmount(plugCount)).orElse(BigDecimal.ZERO) : BigDecimal.ZERO);
        Instant periodStart = null;
        Instant nextBilling = null;
        if (s.billable()) {
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
        return new BillingViews.BillingPlan(tenantId, s.plan(), s.status(), s.plugIds(), plugCount, price, mrr,
                SampleLedger.CURRENCY, s.startedAt(), periodStart, nextBilling, s.stripeCustomerId(),
                s.stripeSubscriptionId(), s.mockMode(), s.mockMode() ? "sample" : "stripe", s.cancelAtPeriodEnd());
    }
}
