package com.smeplug.billing;

import java.math.BigDecimal;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import tools.jackson.databind.JsonNode;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.InvoiceListParams;
import com.stripe.param.checkout.SessionCreateParams;

/**
 * Real billing through {@code stripe-java}: Checkout Sessions in subscription mode, and the customer's invoices.
 * The subscription itself is learned from Stripe's webhook events ({@link StripeEvents}), not from the checkout.
 */
final class StripePayments implements PaymentProvider {

    /** Currencies whose Stripe amounts are already in the major unit. */
    private static final java.util.Set<String> ZERO_DECIMAL = java.util.Set.of("bif", "clp", "djf", "gnf", "jpy", "kmf",
            "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf");

    private final StripeClient stripe;
    private final Map<String, String> priceIds;
    private final Subscriptions subscriptions;
    private final PendingCheckouts checkouts;
    private final Clock clock;
    private final int invoicePageSize;
    private final int maxInvoices;
    private final StripeSubscriptionChanges changes;

    public StripePayments(StripeClient stripe, Map<String, String> priceIds, Subscriptions subscriptions,
            PendingCheckouts checkouts, Clock clock, int invoicePageSize, int maxInvoices) {
        this.stripe = stripe;
        this.priceIds = Map.copyOf(priceIds);
        this.subscriptions = subscriptions;
        this.checkouts = checkouts;
        this.clock = clock;
        this.invoicePageSize = invoicePageSize;
        this.maxInvoices = maxInvoices;
        this.changes = new StripeSubscriptionChanges(stripe, priceIds, clock);
    }

    /**
     * From the function's variables: {@code STRIPE_SECRET_KEY} and a price id per plan ({@code STRIPE_PRICE_STARTER},
     * ...) are required (start-up stops naming the missing one); the client gets its own timeouts and retries, and
     * {@code STRIPE_API_BASE} points it elsewhere (tests). Built here, so nothing outside this class touches Stripe
     * types (stripe-java ships as a layer that only billing functions carry).
     */
    public static StripePayments fromSettings(Settings settings, Subscriptions subscriptions, PendingCheckouts checkouts,
            Clock clock) {
        Map<String, String> prices = new LinkedHashMap<>();
        StripeClient client = client(settings);
        for (String plan : Plans.NAMES) {
            String variable = "STRIPE_PRICE_" + plan.toUpperCase(Locale.ROOT);
            prices.put(plan, settings.required(variable, "USE_REAL_STRIPE=true (the Stripe price of plan " + plan + ")"));
        }
        return new StripePayments(client, prices, subscriptions, checkouts, clock,
                settings.integer("STRIPE_INVOICE_PAGE_SIZE", 100), settings.integer("STRIPE_MAX_INVOICES", 240));
    }

    /** The Stripe client of a function: its key, timeouts, retries and (tests) {@code STRIPE_API_BASE}. */
    static StripeClient client(Settings settings) {
        String secretKey = settings.required("STRIPE_SECRET_KEY", "USE_REAL_STRIPE=true");
        StripeClient.StripeClientBuilder client = StripeClient.builder()
                .setApiKey(secretKey)
                .setConnectTimeout((int) settings.millis("STRIPE_CONNECT_TIMEOUT_MS", 3_000).toMillis())
                .setReadTimeout((int) settings.millis("STRIPE_READ_TIMEOUT_MS", 10_000).toMillis())
                .setMaxNetworkRetries(settings.integer("STRIPE_MAX_NETWORK_RETRIES", 1));
        String apiBase = settings.get("STRIPE_API_BASE", null);
        if (apiBase != null) {
            client.setApiBase(apiBase);
        }
        return client.build();
    }

    @Override
    public String source() {
        return "stripe";
    }

    @Override
    public CheckoutStarted checkout(CheckoutRequest request) {
        String plugIds = String.join(",", request.plugIds());
        var params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setSuccessUrl(request.successUrl())
                .setCancelUrl(request.cancelUrl())
                .setClientReferenceId(request.tenantId())
                .addLineItem(SessionCreateParams.LineItem.builder()
                        .setPrice(priceIds.get(request.plan().name()))
                        .setQuantity((long) request.plugIds().size())
                        .build())
                .putMetadata("tenant_id", request.tenantId())
                .putMetadata("plan", request.plan().name())
                .putMetadata("plug_ids", plugIds)
                // the subscription's own events (updated/deleted) carry these too
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("tenant_id", request.tenantId())
                        .putMetadata("plan", request.plan().name())
                        .putMetadata("plug_ids", plugIds)
                        .build());
        subscriptions.current(request.tenantId()).map(Subscription::stripeCustomerId).ifPresent(params::setCustomer);
        RequestOptions options = RequestOptions.builder()
                .setIdempotencyKey("subscribe_" + request.fingerprint())
                .build();
        Session session = call("create the checkout session",
                () -> stripe.v1().checkout().sessions().create(params.build(), options));
        checkouts.pending(request.tenantId(), new PendingCheckouts.Checkout(session.getId(), request.plan().name(),
                request.plugIds(), PendingCheckouts.PENDING, session.getUrl(), false), clock.instant());
        return new CheckoutStarted(session.getId(), session.getUrl(), PendingCheckouts.PENDING);
    }

    @Override
    public void cancelSubscription(String tenantId) {
        Optional<String> subscription = subscriptions.current(tenantId).map(Subscription::stripeSubscriptionId)
                .filter(id -> !id.isBlank());
        if (subscription.isEmpty()) {
            return;
        }
        call("cancel subscription", () -> {
            try {
                return stripe.v1().subscriptions().cancel(subscription.get());
            }
            catch (com.stripe.exception.InvalidRequestException e) {
                if ("resource_missing".equals(e.getCode())) {
                    return null; // cancelled or deleted already: a retried deletion must not fail on it
                }
                throw e;
            }
        });
    }

    @Override
    public List<Invoice> invoices(String tenantId) {
        Optional<String> customer = subscriptions.current(tenantId).map(Subscription::stripeCustomerId);
        if (customer.isEmpty()) {
            return List.of();
        }
        var params = InvoiceListParams.builder().setCustomer(customer.get()).setLimit((long) invoicePageSize).build();
        return call("list invoices", () -> {
            List<Invoice> invoices = new ArrayList<>();
            // Stripe lists newest first; autoPagingIterable follows has_more with starting_after=<last id>.
            for (com.stripe.model.Invoice invoice : stripe.v1().invoices().list(params).autoPagingIterable()) {
                invoices.add(toInvoice(invoice));
                if (invoices.size() >= maxInvoices) {
                    break;
                }
            }
            return invoices;
        });
    }

    /** The subscription as Stripe's JSON, for the webhook's state (its API version's shape, read like an event). */
    JsonNode subscriptionJson(String subscriptionId) {
        return call("read the subscription", () -> Json.tree(
                stripe.v1().subscriptions().retrieve(subscriptionId).getLastResponse().body()));
    }

    /** Cancels a subscription at once, without proration (one a raced second checkout created). */
    void cancelNow(String subscriptionId) {
        call("cancel the second subscription", () -> stripe.v1().subscriptions().cancel(subscriptionId,
                RequestOptions.builder().setIdempotencyKey("cancel_second_" + subscriptionId).build()));
    }

    /** Our plans by their Stripe price id. */
    Map<String, String> planByPrice() {
        Map<String, String> plans = new java.util.HashMap<>();
        priceIds.forEach((plan, price) -> plans.put(price, plan));
        return plans;
    }

    @Override
    public PlanChange change(ChangeRequest request) {
        return changes.change(request);
    }

    @Override
    public Ending cancelAtPeriodEnd(Subscription live, boolean cancel, String requestKey) {
        return changes.cancelAtPeriodEnd(live.stripeSubscriptionId(), cancel, requestKey);
    }

    /** A Billing Portal session for the tenant's Stripe customer. */
    @Override
    public String portalUrl(String tenantId, Subscription current, String returnUrl) {
        if (current == null || current.stripeCustomerId() == null) {
            throw new ApiException(409, "no_stripe_customer",
                    "this tenant has no Stripe customer yet; subscribe first (POST /billing/subscribe)");
        }
        var params = com.stripe.param.billingportal.SessionCreateParams.builder()
                .setCustomer(current.stripeCustomerId()).setReturnUrl(returnUrl).build();
        return call("create the billing portal session",
                () -> stripe.v1().billingPortal().sessions().create(params)).getUrl();
    }

    static Invoice toInvoice(com.stripe.model.Invoice invoice) {
        String currency = invoice.getCurrency() == null ? null : invoice.getCurrency().toLowerCase(Locale.ROOT);
        Long cents = invoice.getTotal() != null ? invoice.getTotal() : invoice.getAmountDue();
        Instant created = invoice.getCreated() == null ? null : Instant.ofEpochSecond(invoice.getCreated());
        Instant periodStart = invoice.getPeriodStart() == null ? null : Instant.ofEpochSecond(invoice.getPeriodStart());
        Instant periodEnd = invoice.getPeriodEnd() == null ? null : Instant.ofEpochSecond(invoice.getPeriodEnd());
        Instant monthOf = periodStart != null ? periodStart : created;
        int decimals = currency != null && ZERO_DECIMAL.contains(currency) ? 0 : 2;
        return new Invoice(invoice.getId(), monthOf == null ? null : monthOf.toString().substring(0, 7),
                cents == null ? null : BigDecimal.valueOf(cents, decimals), currency, invoice.getStatus(), created,
                invoice.getHostedInvoiceUrl(), periodStart, periodEnd, null, null, lines(invoice, decimals));
    }

    /** The invoice's lines as Stripe lists them (the first page, which the invoice object carries). */
    private static List<Invoice.Line> lines(com.stripe.model.Invoice invoice, int decimals) {
        if (invoice.getLines() == null || invoice.getLines().getData() == null) {
            return List.of();
        }
        return invoice.getLines().getData().stream().map(line -> new Invoice.Line(line.getDescription(),
                line.getAmount() == null ? null : BigDecimal.valueOf(line.getAmount(), decimals), proration(line))).toList();
    }

    /** API versions from 2025-03-31 say it on the line's parent, older ones on the line. */
    private static boolean proration(com.stripe.model.InvoiceLineItem line) {
        var parent = line.getParent();
        if (parent != null && parent.getInvoiceItemDetails() != null) {
            return Boolean.TRUE.equals(parent.getInvoiceItemDetails().getProration());
        }
        if (parent != null && parent.getSubscriptionItemDetails() != null) {
            return Boolean.TRUE.equals(parent.getSubscriptionItemDetails().getProration());
        }
        return false;
    }

    interface StripeCall<T> {
        T run() throws StripeException;
    }

    /** Stripe failures as API errors: unreachable or slow is 502/504, throttled is 503, a refusal is 502. */
    static <T> T call(String what, StripeCall<T> call) {
        try {
            return call.run();
        }
        catch (StripeException e) {
            throw failure(what, e);
        }
        catch (RuntimeException e) {
            // auto-paging wraps the failure of a later page in a RuntimeException
            if (e.getCause() instanceof StripeException stripeFailure) {
                throw failure(what, stripeFailure);
            }
            if (e instanceof ApiException) {
                throw e;
            }
            // stripe-java failing on what came back (a garbled HTTP response ends in an NPE inside its parsing)
            throw ApiException.upstream("Stripe sent a response that could not be read (" + what + ")", e);
        }
    }

    private static ApiException failure(String what, StripeException e) {
        if (e instanceof ApiConnectionException) {
            return hasCause(e, SocketTimeoutException.class)
                    ? ApiException.upstreamTimeout("Stripe did not answer in time (" + what + ")", e)
                    : ApiException.upstream("Stripe could not be reached (" + what + ")", e);
        }
        if (e instanceof RateLimitException) {
            return ApiException.unavailable("Stripe is rate limiting requests; retry shortly", e);
        }
        String code = e.getCode() == null ? "" : ", code " + e.getCode();
        return ApiException.upstream("Stripe refused to " + what + " (status " + e.getStatusCode() + code + ")", e);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
