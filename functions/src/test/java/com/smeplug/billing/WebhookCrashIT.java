package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.MutableClock;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Acceptance 2: the webhook's handler dies between claiming an event and storing its effect (a fault injected into
 * the table client at the subscription write, thrown as an Error so no clean-up of ours runs — as when Lambda is
 * killed). Stripe's redeliveries then must apply the event exactly once, never answer "duplicate" before it is applied.
 */
class WebhookCrashIT {

    static final Duration LEASE = Duration.ofSeconds(60);

    static TestStack stack;
    static final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    static final AtomicInteger crashesLeft = new AtomicInteger();
    static final AtomicInteger subscriptionWrites = new AtomicInteger();
    static SubscriptionEvents events;

    /** What a killed process leaves behind: nothing after the fault runs. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("handler killed between claim and effect");
        }
    }

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-webhook-crash-it");
        Table table = stack.table();
        Table faulty = new Table(table.name(), faultyClient(table.client()));
        events = new SubscriptionEvents(new EventClaims(faulty, clock, LEASE), new SubscriptionStore(faulty),
                new PendingCheckouts(table), new StripeCustomers(table), new TenantStore(table, clock));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void an_event_whose_handler_died_after_the_claim_is_applied_exactly_once_by_the_redeliveries() {
        String tenant = tenantWithCheckout("crash_co", "cs_crash_1");
        BillingEvent checkout = completed(tenant, "cs_crash_1", "cus_crash_1", "sub_crash_1");
        crashesLeft.set(1);

        assertThatThrownBy(() -> events.apply("evt_crash_1", StripeEvents.CHECKOUT_COMPLETED, checkout))
                .isInstanceOf(SimulatedCrash.class);
        assertThat(new SubscriptionStore(stack.table()).current(tenant)).isEmpty();

        // Stripe redelivers while the dead handler's lease runs: told to retry, not "duplicate"
        assertThatThrownBy(() -> events.apply("evt_crash_1", StripeEvents.CHECKOUT_COMPLETED, checkout))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("event_in_progress");
                });

        clock.advance(LEASE.plusSeconds(1));
        var retried = events.apply("evt_crash_1", StripeEvents.CHECKOUT_COMPLETED, checkout);
        var again = events.apply("evt_crash_1", StripeEvents.CHECKOUT_COMPLETED, checkout);

        assertThat(retried.status()).isEqualTo(SubscriptionEvents.Status.APPLIED);
        assertThat(again.status()).isEqualTo(SubscriptionEvents.Status.DUPLICATE);
        assertThat(subscriptionWrites.get()).isEqualTo(1);
        Subscription stored = new SubscriptionStore(stack.table()).current(tenant).orElseThrow();
        assertThat(stored.stripeSubscriptionId()).isEqualTo("sub_crash_1");
        assertThat(stored.status()).isEqualTo("active");
    }

    @Test
    void a_failure_the_handler_sees_releases_the_event_so_the_next_retry_applies_it_at_once() {
        String tenant = tenantWithCheckout("fail_co", "cs_fail_1");
        BillingEvent checkout = completed(tenant, "cs_fail_1", "cus_fail_1", "sub_fail_1");
        crashesLeft.set(-1); // one failure the handler catches (a DynamoDB error), see faultyClient

        assertThatThrownBy(() -> events.apply("evt_fail_1", StripeEvents.CHECKOUT_COMPLETED, checkout))
                .isInstanceOf(IllegalStateException.class);
        var retried = events.apply("evt_fail_1", StripeEvents.CHECKOUT_COMPLETED, checkout);

        assertThat(retried.status()).isEqualTo(SubscriptionEvents.Status.APPLIED);
        assertThat(new SubscriptionStore(stack.table()).current(tenant).orElseThrow().stripeSubscriptionId())
                .isEqualTo("sub_fail_1");
    }

    private static BillingEvent completed(String tenant, String checkoutId, String customer, String subscription) {
        return new BillingEvent.CheckoutCompleted(tenant, checkoutId, "professional", List.of("legal"), customer,
                subscription, Subscription.ACTIVE, null, null, false, clock.instant().getEpochSecond());
    }

    private static String tenantWithCheckout(String tenant, String checkoutId) {
        new TenantStore(stack.table(), clock).put(new Tenant(tenant, tenant, false, Map.of()));
        new PendingCheckouts(stack.table()).pending(tenant, new PendingCheckouts.Checkout(checkoutId, "professional",
                List.of("legal"), PendingCheckouts.PENDING, "https://checkout.stripe.com/c/pay/" + checkoutId, false),
                clock.instant());
        subscriptionWrites.set(0);
        return tenant;
    }

    /**
     * The real client, except at the subscription write: {@code crashesLeft} 1 kills the handler there (an Error),
     * -1 fails it once with an exception the handler catches; every write that goes through is counted.
     */
    private static DynamoDbClient faultyClient(DynamoDbClient real) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("putItem") && args != null && args[0] instanceof PutItemRequest put
                            && "SUBSCRIPTION".equals(Items.str(put.item(), "SK"))) {
                        if (crashesLeft.compareAndSet(1, 0)) {
                            throw new SimulatedCrash();
                        }
                        if (crashesLeft.compareAndSet(-1, 0)) {
                            throw new IllegalStateException("DynamoDB failed the write");
                        }
                        subscriptionWrites.incrementAndGet();
                    }
                    try {
                        return method.invoke(real, args);
                    }
                    catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
