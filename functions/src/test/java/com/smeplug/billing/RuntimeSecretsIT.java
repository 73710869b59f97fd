package com.smeplug.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.smeplug.billing.StripeTestEvents.event;
import static com.smeplug.billing.StripeTestEvents.signedNow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real-mode secrets at run time: the webhook's signing secret is not in any variable; STRIPE_SECRET_ARN names a
 * Secrets Manager secret, read once at start-up from a local server speaking Secrets Manager's JSON protocol. A secret
 * that cannot be read stops start-up naming the variable and the secret.
 */
class RuntimeSecretsIT {

    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sme-plug/stripe-AbCdEf";
    static final String MISSING_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sme-plug/not-created-XyZ123";
    static final String GET_SECRET_VALUE = "secretsmanager.GetSecretValue";

    static WireMockServer secretsManager;
    static TestStack stack;

    @BeforeAll
    static void start() {
        secretsManager = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("platform/secretsmanager"));
        secretsManager.start();
        secretsManager.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_SECRET_VALUE))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + SECRET_ARN + "\"}", true, true))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBodyFile("get-secret-value-stripe.json")));
        secretsManager.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_SECRET_VALUE))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + MISSING_ARN + "\"}", true, true))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withHeader("x-amzn-ErrorType", "ResourceNotFoundException")
                        .withBodyFile("resource-not-found.json")));
        stack = TestStack.start("runtime-secrets", Map.of(
                "AUTH_MODE", "gateway",
                "USE_REAL_STRIPE", "true",
                "STRIPE_SECRET_ARN", SECRET_ARN,
                "SECRETSMANAGER_ENDPOINT", secretsManager.baseUrl(),
                "STRIPE_PRICE_STARTER", "price_starter_test",
                "STRIPE_PRICE_PROFESSIONAL", "price_professional_test",
                "STRIPE_PRICE_ENTERPRISE", "price_enterprise_test",
                "STRIPE_API_BASE", "http://127.0.0.1:9"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        secretsManager.stop();
    }

    @Test
    void the_webhook_verifies_with_the_secret_read_once_from_secrets_manager() {
        String first = event("customer_created", "evt_secret_1", 1_795_600_000L, "lawfirm_alpha", "cus_secret", "sub_secret");
        String second = event("customer_created", "evt_secret_2", 1_795_600_000L, "lawfirm_alpha", "cus_secret", "sub_secret");

        HttpResult signedWithTheSecret = stack.invoke("stripeWebhook", signedNow(first, "whsec_from_secrets_manager"));
        HttpResult signedOtherwise = stack.invoke("stripeWebhook", signedNow(second, "whsec_not_the_stored_one"));

        assertThat(signedWithTheSecret.status()).as(signedWithTheSecret.body()).isEqualTo(200);
        assertThat(signedOtherwise.status()).isEqualTo(400);
        secretsManager.verify(1, postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo(GET_SECRET_VALUE))
                .withRequestBody(equalToJson("{\"SecretId\":\"" + SECRET_ARN + "\"}", true, true)));
    }

    @Test
    void a_real_mode_start_without_its_secret_fails_naming_the_variable_and_the_secret() {
        stack.set("STRIPE_SECRET_ARN", MISSING_ARN);
        try {
            assertThatThrownBy(() -> new PrimingFunctionInvoker("stripeWebhook"))
                    .hasStackTraceContaining("STRIPE_SECRET_ARN names the secret " + MISSING_ARN + ", which could not be read")
                    .hasStackTraceContaining("can't find the specified secret");
        }
        finally {
            stack.set("STRIPE_SECRET_ARN", SECRET_ARN);
        }
    }
}
