package com.smeplug.plugs;

import static org.assertj.core.api.Assertions.assertThat;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PlugsFunctionIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("plugs-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void lists_the_catalogue_with_the_tenants_own_subscriptions() {
        HttpResult result = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        var body = result.json();
        assertThat(body.path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
        assertThat(body.path("plugs")).hasSize(3);
        assertThat(body.path("subscribed_plug_ids").toString()).isEqualTo("[\"legal\"]");
        assertThat(body.path("plugs").findValuesAsString("plug_id")).containsExactly("legal", "healthcare", "engineering");
    }

    @Test
    void each_tenant_sees_its_own_subscriptions() {
        var hospital = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("hospital_beta"))).json();
        var buildco = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("buildco_gamma"))).json();

        assertThat(hospital.path("subscribed_plug_ids").toString()).isEqualTo("[\"healthcare\",\"legal\",\"engineering\"]");
        assertThat(buildco.path("subscribed_plug_ids").toString()).isEqualTo("[\"engineering\"]");
        assertThat(buildco.path("plan").asString()).isEqualTo("starter");
    }

    @Test
    void without_a_token_the_authorizer_answers_401_and_the_function_itself_refuses_an_event_without_claims() {
        HttpResult atTheGateway = stack.invoke("plugs", ApiEvent.get("/plugs"));
        HttpResult reachedDirectly = HttpResult.parse(stack.invokeRaw("plugs", ApiEvent.get("/plugs").toJson()));

        assertThat(atTheGateway.status()).isEqualTo(401);
        assertThat(reachedDirectly.status()).isEqualTo(401);
        assertThat(reachedDirectly.errorCode()).isEqualTo("unauthorized");
        assertThat(reachedDirectly.json().path("error").path("request_id").asString()).isNotBlank();
    }

    @Test
    void a_valid_token_of_a_user_in_no_tenant_is_forbidden() {
        HttpResult result = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.userToken("nobody-user", "nobody@inc.example")));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.errorCode()).isEqualTo("unknown_tenant");
    }
}
