package com.smeplug.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code sam local invoke -e} fixtures of this feature (infra/events/salesforce.json, sap.json, sync.json) run
 * through the Lambda entry point in gateway auth mode, as deployed: the tenant comes from the authorizer's claims.
 */
class IntegrationEventFixturesIT {

    static final Map<String, String> OVERRIDES = Map.of("AUTH_MODE", "gateway");
    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = IntegrationStacks.start("integrations-events-it", OVERRIDES);
    }

    @AfterAll
    static void stop() {
        IntegrationStacks.stop(stack, OVERRIDES);
    }

    static HttpResult invokeFixture(String definition) {
        try {
            String event = Files.readString(RepoRoot.find().resolve(Path.of("infra", "events", definition + ".json")));
            return HttpResult.parse(stack.invokeRaw(definition, event));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_salesforce_event_answers_the_claimed_tenants_sample_account() {
        HttpResult result = invokeFixture("salesforce");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("account").path("name").asString()).isEqualTo("LawFirm Alpha LLP");
        assertThat(result.json().path("mock_mode").asBoolean()).isTrue();
    }

    @Test
    void the_sap_event_answers_the_claimed_tenants_sample_materials() {
        HttpResult result = invokeFixture("sap");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("purchase_orders").findValuesAsString("vendor_name")).contains("Nucor Steel");
    }

    @Test
    void the_sync_event_refreshes_the_claimed_tenants_crm_snapshot() {
        HttpResult result = invokeFixture("sync");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("account").path("name").asString()).isEqualTo("Hospital Beta Health System");
        assertThat(result.json().path("synced_at").asString()).isNotBlank();
    }
}
