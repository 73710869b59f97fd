package com.smeplug.tenants;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.smeplug.billing.PlainBillingWiring;
import com.smeplug.billing.Subscription;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.RealStripeMode;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Deleting a tenant in real Stripe mode cancels its subscription at Stripe first (stripe-java against a local fake). */
class TenantDeletionStripeIT {

    static final String SUBSCRIPTION = "sub_1QdeleteIT0000000000";

    static RealStripeMode.Stack real;
    static WireMockServer stripe;
    static TestStack stack;

    @BeforeAll
    static void start() {
        real = RealStripeMode.start("tenant-deletion-stripe-it", "sk_test_deletion_it",
                Map.of("STRIPE_READ_TIMEOUT_MS", "3000",
                       "STRIPE_MAX_NETWORK_RETRIES", "0"));
        stripe = real.stripe();
        stack = real.stack();
    }

    @AfterAll
    static void stop() {
        real.close();
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
    }

    @Test
    void the_tenants_stripe_subscription_is_cancelled_before_the_tenant_closes() {
        stripe.stubFor(delete(urlPathEqualTo("/v1/subscriptions/" + SUBSCRIPTION))
                .willReturn(json(200, "subscription_canceled.json")));
        Founded tenant = subscribedTenant("Cancel Co");

        HttpResult result = deleteTenant(tenant, "Cancel Co");

        assertThat(result.status()).as(result.body()).isEqualTo(202);
        stripe.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/" + SUBSCRIPTION))
                .withHeader("Authorization", equalTo("Bearer sk_test_deletion_it")));
    }

    @Test
    void a_subscription_stripe_no_longer_has_does_not_stop_the_deletion() {
        stripe.stubFor(delete(urlPathEqualTo("/v1/subscriptions/" + SUBSCRIPTION))
                .willReturn(json(404, "error_resource_missing.json")));
        Founded tenant = subscribedTenant("Gone Co");

        assertThat(deleteTenant(tenant, "Gone Co").status()).isEqualTo(202);
    }

    @Test
    void when_stripe_fails_nothing_is_closed_and_the_admin_can_try_again() {
        stripe.stubFor(delete(urlPathEqualTo("/v1/subscriptions/" + SUBSCRIPTION)).willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"An unknown error occurred\"}}")));
        Founded tenant = subscribedTenant("Flaky Co");

        HttpResult result = deleteTenant(tenant, "Flaky Co");

        assertThat(result.status()).as(result.body()).isEqualTo(502);
        HttpResult me = stack.invoke("me", ApiEvent.get("/me").bearer(tenant.token()));
        assertThat(me.json().path("tenant_id").asString()).isEqualTo(tenant.tenantId());
    }

    record Founded(String tenantId, String token) {
    }

    static Founded subscribedTenant(String name) {
        String user = UUID.randomUUID().toString();
        String token = stack.userToken(user, "owner-" + user.substring(0, 8) + "@example.com");
        HttpResult created = stack.invoke("tenantCreate", ApiEvent.post("/tenants", "{\"name\": \"" + name + "\"}").bearer(token));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tenantId = created.json().path("tenant_id").asString();
        Instant started = Instant.now().minusSeconds(86_400);
        PlainBillingWiring.store(stack.table(), new Subscription(tenantId, "professional", List.of("legal"), Subscription.ACTIVE,
                started, "cus_QdeleteIT00000", SUBSCRIPTION, false, started.getEpochSecond()));
        return new Founded(tenantId, token);
    }

    static HttpResult deleteTenant(Founded tenant, String confirm) {
        return stack.invoke("tenantDelete", ApiEvent.of("DELETE", "/tenants").header("content-type", "application/json")
                .body("{\"confirm\": \"" + confirm + "\"}").bearer(tenant.token()));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String file) {
        try (InputStream in = TenantDeletionStripeIT.class.getResourceAsStream("/tenants/stripe/" + file)) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
