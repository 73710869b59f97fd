package com.smeplug.integrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.config.MissingSettingException;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * USE_REAL_X=true without its credentials stops the function at start-up, naming the variable: it never answers
 * from sample data instead. Each case starts a fresh function through the Lambda entry point.
 */
class ConnectorSwitchIT {

    static final Map<String, String> OVERRIDES = new HashMap<>();
    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = IntegrationStacks.start("integrations-switch-it", OVERRIDES);
    }

    @AfterAll
    static void stop() {
        IntegrationStacks.stop(stack, OVERRIDES);
    }

    @Test
    void real_salesforce_without_credentials_fails_at_start_up_naming_the_login_url() {
        Throwable failure = startFailure("salesforce", Map.of("USE_REAL_SALESFORCE", "true"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SALESFORCE_LOGIN_URL is required when USE_REAL_SALESFORCE=true");
    }

    @Test
    void real_salesforce_with_a_login_url_but_no_client_secret_names_the_secret() {
        Throwable failure = startFailure("salesforce", Map.of("USE_REAL_SALESFORCE", "true",
                "SALESFORCE_LOGIN_URL", "https://example.my.salesforce.com", "SALESFORCE_CLIENT_ID", "client"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SALESFORCE_CLIENT_SECRET is required");
    }

    @Test
    void the_username_password_flow_without_a_password_names_the_password() {
        Throwable failure = startFailure("salesforce", Map.of("USE_REAL_SALESFORCE", "true",
                "SALESFORCE_LOGIN_URL", "https://login.salesforce.com", "SALESFORCE_CLIENT_ID", "client",
                "SALESFORCE_CLIENT_SECRET", "secret", "SALESFORCE_USERNAME", "api@acme.example"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SALESFORCE_PASSWORD is required");
    }

    @Test
    void real_sap_without_a_base_url_fails_at_start_up_naming_it() {
        Throwable failure = startFailure("sap", Map.of("USE_REAL_SAP", "true"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SAP_BASE_URL is required when USE_REAL_SAP=true");
    }

    @Test
    void real_sap_with_basic_auth_but_no_password_names_the_password() {
        Throwable failure = startFailure("sap", Map.of("USE_REAL_SAP", "true", "SAP_BASE_URL", "https://sap.example",
                "SAP_AUTH", "basic", "SAP_USERNAME", "COMM_USER"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SAP_PASSWORD is required when SAP_AUTH=basic");
    }

    @Test
    void sync_needs_the_credentials_of_every_real_connector_it_serves() {
        Throwable failure = startFailure("sync", Map.of("USE_REAL_SAP", "true", "SAP_BASE_URL", "https://sap.example",
                "SAP_AUTH", "oauth"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SAP_TOKEN_URL is required when SAP_AUTH=oauth");
    }

    @Test
    void a_mistyped_switch_stops_start_up_instead_of_meaning_sample() {
        Throwable failure = startFailure("salesforce", Map.of("USE_REAL_SALESFORCE", "yes"));

        assertThat(failure).isNotNull();
        assertThat(rootCause(failure)).hasMessageContaining("USE_REAL_SALESFORCE must be true or false");
    }

    @Test
    void with_the_switches_off_the_same_functions_start_and_answer_from_sample_data() {
        var result = stack.invoke("salesforce", ApiEvent.get("/integrations/salesforce").bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("source").asString()).isEqualTo("sample");
    }

    @Test
    void with_real_salesforce_switched_off_connect_answers_409_real_connections_disabled_naming_the_variable() {
        var result = stack.invoke("salesforceConnect", ApiEvent.post("/integrations/salesforce/connect", "{}")
                .bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.errorCode()).isEqualTo("real_connections_disabled");
        assertThat(result.json().path("error").path("message").asString()).contains("USE_REAL_SALESFORCE=false");
    }

    @Test
    void with_the_switches_off_a_sample_tenant_lists_labelled_sample_connections() {
        var result = stack.invoke("integrations", ApiEvent.get("/integrations").bearer(stack.token("hospital_beta")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("integrations").findValuesAsString("status")).containsExactly("sample", "sample");
        assertThat(result.json().path("integrations").get(0).path("mock_mode").asBoolean()).isTrue();
    }

    @Test
    void real_salesforce_connections_without_the_callback_url_fail_at_start_up_naming_it() {
        Throwable failure = startFailure("salesforceConnect", Map.of("USE_REAL_SALESFORCE", "true",
                "SALESFORCE_CLIENT_ID", "3MVG9x", "SALESFORCE_CLIENT_SECRET", "s"));

        assertThat(missingSetting(failure)).hasMessageStartingWith("SALESFORCE_CALLBACK_URL is required when USE_REAL_SALESFORCE=true");
    }

    /** Starts {@code definition} in a fresh function with these variables; returns what stopped it (null if it started). */
    private static Throwable startFailure(String definition, Map<String, String> variables) {
        variables.forEach((name, value) -> {
            OVERRIDES.put(name, value);
            System.setProperty(name, value);
        });
        try {
            return catchThrowable(() -> new org.springframework.cloud.function.adapter.aws.FunctionInvoker(definition));
        }
        finally {
            variables.keySet().forEach(System::clearProperty);
            stack.applyVariables();
        }
    }

    private static Throwable missingSetting(Throwable failure) {
        assertThat(failure).as("start-up should have failed").isNotNull();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MissingSettingException) {
                return t;
            }
        }
        throw new AssertionError("no MissingSettingException in the start-up failure", failure);
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
