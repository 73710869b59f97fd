package com.smeplug.billing;

import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.lambda.SqsBatches;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.plugs.PlugCatalog;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The billing feature's functions ({@code billingPlan}, {@code invoices}, {@code subscribe}, {@code stripeWebhook},
 * {@code billingOverageReport}, the overage report queue's consumer) and its payment provider, chosen once from
 * {@code USE_REAL_STRIPE}.
 */
@Configuration(proxyBeanMethods = false)
public class BillingConfiguration {

    /** Stripe events carry whole objects (invoices with their lines); API Gateway allows far more than this. */
    static final int WEBHOOK_MAX_BYTES = 512 * 1024;

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
                BillingViews.planView(request.tenant(), subscriptions.current(request.tenant()), plans, real, clock.instant())));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> invoices(HttpFunctions http, PaymentProvider payments) {
        return http.route(Route.get(), request -> ApiResponse.ok(new BillingViews.Invoices(request.tenant(),
                payments.invoices(request.tenant()), payments.mockMode(), payments.source())));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> subscribe(HttpFunctions http, PaymentProvider payments,
            Subscriptions subscriptions, Plans plans, PlugCatalog catalog, Clock clock) {
        Subscribing subscribing = new Subscribing(payments, subscriptions, clock);
        return http.route(Route.post().admin(), request -> {
            var valid = request.bodyAs(SubscribeRequest.class).validate(plans, catalog);
            return ApiResponse.ok(subscribing.subscribe(request.tenant(), Subscribing.requestKey(request), valid));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> cancelSubscription(HttpFunctions http, PaymentProvider payments,
            SubscriptionStore subscriptions, Clock clock) {
        SubscriptionEnding ending = new SubscriptionEnding(payments, subscriptions, clock);
        return http.route(Route.post().admin(),
                request -> ApiResponse.ok(ending.set(request.tenant(), true, Subscribing.requestKey(request))));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> resumeSubscription(HttpFunctions http, PaymentProvider payments,
            SubscriptionStore subscriptions, Clock clock) {
        SubscriptionEnding ending = new SubscriptionEnding(payments, subscriptions, clock);
        return http.route(Route.post().admin(),
                request -> ApiResponse.ok(ending.set(request.tenant(), false, Subscribing.requestKey(request))));
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

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> stripeWebhook(HttpFunctions http, StripeEvents stripe) {
        return http.route(Route.post(WEBHOOK_MAX_BYTES).unauthenticated(), request -> {
            var received = stripe.receive(request.bodyText(), request.header("stripe-signature").orElse(null));
            var outcome = received.outcome();
            return ApiResponse.ok(new BillingViews.WebhookAck(true, received.eventId(), received.type(),
                    outcome.status().name().toLowerCase(Locale.ROOT), outcome.reason()));
        });
    }

    /**
     * The overage report queue's consumer: each message (an answer past an overage plan's quota, queued by chat) becomes
     * one Stripe meter event whose identifier is the usage event id, so a redelivered message is counted once. A
     * message Stripe did not take is named in {@code batchItemFailures} and redelivered, then dead-lettered; the others
     * are done. In sample mode nothing is queued (the sample ledger counts overage itself) and a message is dropped.
     */
    @Bean
    Function<InputStream, SQSBatchResponse> billingOverageReport(Settings settings, SubscriptionStore subscriptions) {
        OverageReporter meter = settings.flag("USE_REAL_STRIPE") ? StripeMeterEvents.fromSettings(settings, subscriptions)
                : OverageReporter.NONE;
        return event -> SqsBatches.consume(event, "billingOverageReport", body -> OverageReport.parse(body).sendTo(meter));
    }
}
