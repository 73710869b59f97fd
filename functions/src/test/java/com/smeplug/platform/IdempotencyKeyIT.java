package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.smeplug.hardening.RouteMatrix;
import com.smeplug.hardening.RouteMatrix.Case;
import com.smeplug.hardening.RouteMatrix.Guard;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 6: Stripe's Idempotency-Key semantics on every POST route of template.yaml (from RouteMatrix, which
 * fails the build for a route it does not know): the same key with another body is 422 idempotency_key_reused,
 * whatever the first request's outcome; the same key and body get the stored answer.
 */
class IdempotencyKeyIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("platform-idempotency-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static Stream<Case> postRoutes() {
        List<Case> posts = RouteMatrix.cases().values().stream()
                .filter(c -> c.method().equals("POST") && c.guard() == Guard.TOKEN).toList();
        assertThat(posts).extracting(Case::key).containsAll(RouteMatrix.templateRoutes().keySet().stream()
                .filter(route -> route.startsWith("POST ") && !route.equals("POST /billing/webhook")).toList());
        return posts.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postRoutes")
    void the_same_key_with_another_body_is_422_on_every_post_route(Case route) {
        String key = "idem-" + route.definition();
        ApiEvent first = route.request().get().bearer(stack.token("hospital_beta")).header("idempotency-key", key);
        HttpResult firstResult = stack.invoke(route.definition(), first);
        assertThat(firstResult.status()).as(firstResult.body()).isNotEqualTo(422);

        ApiEvent other = otherRequest(route).bearer(stack.token("hospital_beta")).header("idempotency-key", key);
        HttpResult reused = stack.invoke(route.definition(), other);

        assertThat(reused.status()).as(route.key() + ": " + reused.body()).isEqualTo(422);
        assertThat(reused.errorCode()).isEqualTo("idempotency_key_reused");
    }

    @Test
    void the_same_key_and_body_get_the_stored_answer_without_running_again() {
        ApiEvent sync = RouteMatrix.cases().get("POST /integrations/{connector}/sync").request().get()
                .bearer(stack.token("lawfirm_alpha")).header("idempotency-key", "sync-once");

        HttpResult first = stack.invoke("sync", sync);
        HttpResult again = stack.invoke("sync", sync);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        // synced_at would move had the sync run again
        assertThat(again.json()).isEqualTo(first.json());
        assertThat(again.header("idempotent-replayed")).isEqualTo("true");
        assertThat(again.header("content-type")).isEqualTo("application/json; charset=utf-8");
    }

    @Test
    void keys_are_scoped_to_the_tenant_and_the_route() {
        String body = "{\"message\": \"What does GDPR say about access requests?\"}";
        HttpResult alpha = stack.invoke("chat", ApiEvent.post("/chat", body).bearer(stack.token("lawfirm_alpha"))
                .header("idempotency-key", "shared-key"));
        HttpResult beta = stack.invoke("chat", ApiEvent.post("/chat", body.replace("access", "erasure"))
                .bearer(stack.token("hospital_beta")).header("idempotency-key", "shared-key"));
        HttpResult otherRoute = stack.invoke("cancelSubscription", ApiEvent.post("/billing/cancel", "{}")
                .bearer(stack.token("lawfirm_alpha")).header("idempotency-key", "shared-key"));

        assertThat(alpha.status()).as(alpha.body()).isEqualTo(200);
        assertThat(beta.status()).as(beta.body()).isEqualTo(200);
        assertThat(otherRoute.status()).as(otherRoute.body()).isEqualTo(200);
    }

    @Test
    void without_a_key_a_request_runs_as_before() {
        ApiEvent sync = RouteMatrix.cases().get("POST /integrations/{connector}/sync").request().get()
                .bearer(stack.token("buildco_gamma"));

        HttpResult first = stack.invoke("sync", sync);
        HttpResult second = stack.invoke("sync", sync);

        assertThat(second.header("idempotent-replayed")).isNull();
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
    }

    /**
     * Another request on the same route: another path parameter (which job, which connector) where the route has one,
     * else another body (in content, not only whitespace).
     */
    @SuppressWarnings("unchecked")
    private static ApiEvent otherRequest(Case route) {
        Map<String, Object> first = route.request().get().toMap();
        Map<String, String> parameters = (Map<String, String>) first.get("pathParameters");
        if (parameters == null || parameters.isEmpty()) {
            return route.request().get().body(otherBody(first));
        }
        String path = first.get("rawPath").toString();
        Map<String, String> others = new LinkedHashMap<>();
        for (var parameter : parameters.entrySet()) {
            String value = parameter.getValue();
            String other = value.equals("salesforce") ? "sap" : value.substring(0, value.length() - 1)
                    + (value.endsWith("1") ? "2" : "1");
            path = path.replace("/" + value, "/" + other);
            others.put(parameter.getKey(), other);
        }
        ApiEvent event = ApiEvent.of(route.method(), path).routeKey(first.get("routeKey").toString());
        others.forEach(event::pathParameter);
        Object body = first.get("body");
        return body == null ? event : event.body(body.toString());
    }

    private static String otherBody(Map<String, Object> first) {
        Object body = first.get("body");
        String text = body == null ? "" : body.toString();
        if (text.isBlank()) {
            return "{\"other\": true}";
        }
        var tree = (tools.jackson.databind.node.ObjectNode) Json.tree(text);
        tree.put("idempotency_probe", "another request");
        return tree.toString();
    }
}
