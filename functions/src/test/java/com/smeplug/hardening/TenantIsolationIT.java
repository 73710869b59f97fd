package com.smeplug.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.smeplug.hardening.RouteMatrix.Case;
import com.smeplug.hardening.RouteMatrix.Guard;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Acceptance 1 of the hardening issue: every route of template.yaml (through {@link RouteMatrix}) attacked the way a
 * malicious tenant would — forged and broken tokens, an unregistered tenant, another tenant's ids, tenant ids
 * smuggled into the query, body and headers. hospital_beta is the victim, lawfirm_alpha the attacker.
 */
class TenantIsolationIT {

    static final String ATTACKER = "lawfirm_alpha";
    static final String VICTIM = "hospital_beta";
    static final String WEBHOOK_SECRET = "whsec_hardening_isolation_0123456789";

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("hardening-isolation-it", Map.of("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HttpResult call(Case c, ApiEvent event) {
        return stack.invoke(c.definition(), event);
    }

    static HttpResult as(String tenant, Case c) {
        return call(c, c.request().get().bearer(stack.token(tenant)));
    }

    @Test
    void every_template_route_has_isolation_and_auth_cases() {
        Map<String, String> template = RouteMatrix.templateRoutes();

        assertThat(template).as("routes in template.yaml").isNotEmpty();
        assertThat(RouteMatrix.cases().keySet())
                .as("every route of template.yaml needs a RouteMatrix case (guard, valid request, tenant-named ids)")
                .containsAll(template.keySet());
        assertThat(template.keySet()).as("RouteMatrix names routes that template.yaml no longer has")
                .containsAll(RouteMatrix.cases().keySet());
        RouteMatrix.cases().values().forEach(c -> assertThat(c.definition()).as(c.key())
                .isEqualTo(template.get(c.key())));
    }

    @Test
    void every_token_attack_on_every_authenticated_route_is_401_with_the_error_shape() {
        SoftAssertions soft = new SoftAssertions();
        int attacks = 0;
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            for (Map.Entry<String, String> attack : AttackTokens.refusedWith401(stack.aws().issuer(), VICTIM).entrySet()) {
                ApiEvent event = c.request().get();
                if (attack.getValue() != null) {
                    event.header("authorization", attack.getValue());
                }
                HttpResult result = call(c, event);
                String where = c.key() + " with " + attack.getKey();
                soft.assertThat(result.status()).as(where + ": " + result.body()).isEqualTo(401);
                soft.check(() -> assertRefusedAsUnauthorized(where, result));
                soft.check(() -> Leaks.assertNoneOf(where, result.body(), Leaks.HOSPITAL_BETA));
                attacks++;
            }
        }
        soft.assertAll();
        assertThat(attacks).isGreaterThanOrEqualTo(RouteMatrix.withGuard(Guard.TOKEN).size() * 20);
    }

    /** API Gateway's own 401 when its authorizer refuses the token, else the function's 401 in the error shape. */
    static void assertRefusedAsUnauthorized(String where, HttpResult result) {
        if (result.body().equals(com.smeplug.local.aws.JwtAuthorizer.UNAUTHORIZED_BODY)) {
            return;
        }
        assertThat(result.errorCode()).as(where).isEqualTo("unauthorized");
        Leaks.assertErrorShape(where, result);
    }

    @Test
    void a_valid_token_of_a_user_in_no_tenant_is_403_unknown_tenant_on_every_tenant_route() {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            if (RouteRoles.EXPECTED.get(c.key()) == Role.SIGNED_IN) {
                continue; // for any signed-in user, in a tenant or not (RoleMatrixIT)
            }
            HttpResult result = call(c, c.request().get().bearer(AttackTokens.tenantToken(stack.aws().issuer(), AttackTokens.UNKNOWN_TENANT)));

            soft.assertThat(result.status()).as(c.key() + ": " + result.body()).isEqualTo(403);
            soft.assertThat(result.errorCode()).as(c.key()).isEqualTo("unknown_tenant");
            soft.check(() -> Leaks.assertErrorShape(c.key(), result));
        }
        soft.assertAll();
    }

    @Test
    void bad_or_missing_stripe_signatures_are_400_on_every_signature_guarded_route() {
        String payload = "{\"id\": \"evt_hardening_1\", \"type\": \"customer.subscription.deleted\", \"created\": "
                + (System.currentTimeMillis() / 1000) + ", \"data\": {\"object\": {\"id\": \"sub_x\", \"customer\": "
                + "\"cus_x\", \"metadata\": {\"tenant_id\": \"" + VICTIM + "\"}}}}";
        long now = System.currentTimeMillis() / 1000;
        Map<String, String> signatures = new java.util.LinkedHashMap<>();
        signatures.put("missing", null);
        signatures.put("garbage", "garbage");
        signatures.put("empty v1", "t=" + now + ",v1=");
        signatures.put("another secret", StripeSignatures.sign(payload, "whsec_not_ours", now));
        signatures.put("older than the tolerance", StripeSignatures.sign(payload, WEBHOOK_SECRET, now - 3600));
        signatures.put("an hour in the future", StripeSignatures.sign(payload, WEBHOOK_SECRET, now + 3600));
        signatures.put("another body's signature", StripeSignatures.sign("{}", WEBHOOK_SECRET, now));
        signatures.put("v0 scheme only", StripeSignatures.sign(payload, WEBHOOK_SECRET, now).replace("v1=", "v0="));
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.withGuard(Guard.STRIPE_SIGNATURE)) {
            for (Map.Entry<String, String> signature : signatures.entrySet()) {
                ApiEvent event = ApiEvent.post(c.request().get().toMap().get("rawPath").toString(), payload);
                if (signature.getValue() != null) {
                    event.header("stripe-signature", signature.getValue());
                }
                HttpResult result = call(c, event);
                String where = c.key() + " signature " + signature.getKey();
                soft.assertThat(result.status()).as(where + ": " + result.body()).isEqualTo(400);
                soft.assertThat(result.errorCode()).as(where).isEqualTo("invalid_signature");
                soft.check(() -> Leaks.assertErrorShape(where, result));
            }
        }
        soft.assertAll();
        // nothing was applied: the victim's subscription is still its sample one (StripeWebhookIT proves more)
        assertThat(as(VICTIM, RouteMatrix.cases().get("GET /billing/plan")).json().path("status").asString())
                .isEqualTo("active");
    }

    @Test
    void tenant_ids_in_the_query_the_body_and_headers_are_ignored_on_every_route() {
        Set<String> victimMarkers = victimFingerprint();
        String victimPlanBefore = victimPlan();
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            HttpResult plain = as(ATTACKER, c);
            ApiEvent smuggled = c.request().get()
                    .query("tenant_id=" + VICTIM + "&tenant=" + VICTIM + "&tenantId=" + VICTIM)
                    .header("x-tenant-id", VICTIM)
                    .header("x-amzn-oidc-identity", VICTIM)
                    .bearer(stack.token(ATTACKER));
            String body = (String) smuggled.toMap().get("body");
            if (body != null && body.startsWith("{")) {
                ObjectNode json = (ObjectNode) Json.tree(body);
                json.put("tenant_id", VICTIM);
                json.put("tenant", VICTIM);
                smuggled.body(Json.write(json));
            }
            HttpResult result = call(c, smuggled);

            soft.assertThat(result.status()).as(c.key() + ": " + result.body()).isEqualTo(plain.status());
            soft.check(() -> Leaks.assertNoneOf(c.key(), result.body(), Leaks.HOSPITAL_BETA));
            soft.check(() -> Leaks.assertNoValueOf(c.key(), result.body(), victimMarkers));
            JsonNode tenant = result.status() == 200 ? result.json().path("tenant_id") : null;
            if (tenant != null && !tenant.isMissingNode()) {
                soft.assertThat(tenant.asString()).as(c.key()).isEqualTo(ATTACKER);
            }
        }
        soft.assertAll();
        // the smuggled subscribe changed the caller's own plan request, never the victim's subscription
        assertThat(victimPlan()).isEqualTo(victimPlanBefore);
    }

    static String victimPlan() {
        JsonNode plan = as(VICTIM, RouteMatrix.cases().get("GET /billing/plan")).json();
        return plan.path("plan").asString() + " " + plan.path("status").asString() + " " + plan.path("plug_ids");
    }

    @Test
    void data_the_victim_creates_never_appears_in_the_attackers_responses() {
        // the victim uses every route (syncs its connectors, subscribes, ...), then the attacker reads every route
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            as(VICTIM, c);
        }
        Set<String> victimMarkers = victimFingerprint();
        assertThat(victimMarkers).as("the victim's responses have distinctive data to look for")
                .contains("Hospital Beta Health System", "500A000001HOSc01AA");
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            HttpResult result = as(ATTACKER, c);
            soft.assertThat(result.status()).as(c.key() + ": " + result.body()).isLessThan(500);
            soft.check(() -> Leaks.assertNoneOf(c.key(), result.body(), Leaks.HOSPITAL_BETA));
            soft.check(() -> Leaks.assertNoValueOf(c.key(), result.body(), victimMarkers));
        }
        soft.assertAll();
    }

    @Test
    void public_routes_answer_the_same_to_every_tenant_and_never_serve_files_outside_the_console() {
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.withGuard(Guard.PUBLIC)) {
            HttpResult anonymous = call(c, c.request().get());
            HttpResult victim = as(VICTIM, c);
            HttpResult forged = call(c, c.request().get().header("authorization", "Bearer not-a-jwt"));

            soft.assertThat(anonymous.status()).as(c.key()).isEqualTo(200);
            soft.assertThat(victim.body()).as(c.key() + " with the victim's token").isEqualTo(anonymous.body());
            soft.assertThat(forged.body()).as(c.key() + " with a forged token").isEqualTo(anonymous.body());
            soft.check(() -> Leaks.assertNoneOf(c.key(), victim.body(), Leaks.HOSPITAL_BETA));
        }
        Case assets = RouteMatrix.cases().get("GET /console/{asset+}");
        for (String path : List.of("../application.properties", "../../application.properties", "..%2Fapplication.properties",
                "%2e%2e/samples/tenants.json", "../samples/tenants.json", "/etc/passwd", "pages/../../samples/tenants.json",
                "config.json/../../samples/tenants.json", "app.js%00.html", "\\..\\application.properties")) {
            HttpResult result = call(assets, RouteMatrix.asset(path));
            soft.assertThat(result.status()).as(path + ": " + Leaks.cut(result.body())).isEqualTo(404);
            soft.assertThat(result.body()).as(path).doesNotContain("lawfirm_alpha", "spring.", "root:");
            soft.check(() -> Leaks.assertErrorShape(path, result));
        }
        soft.assertAll();
    }

    @Test
    void another_tenants_resource_ids_are_404_and_reveal_nothing() {
        List<String> checked = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.cases().values()) {
            for (RouteMatrix.ForeignId id : c.foreignIds()) {
                String victimsId = id.create().apply(stack, VICTIM);
                // the same id with its random suffix zeroed: the same shape, issued to nobody
                String madeUpId = victimsId.substring(0, victimsId.length() - 8) + "00000000";
                HttpResult result = call(c, id.request().apply(stack, victimsId).bearer(stack.token(ATTACKER)));
                HttpResult neverExisted = call(c, id.request().apply(stack, madeUpId).bearer(stack.token(ATTACKER)));
                String where = c.key() + " naming the victim's " + id.name();

                soft.assertThat(result.status()).as(where + ": " + result.body()).isEqualTo(404);
                soft.check(() -> Leaks.assertErrorShape(where, result));
                soft.check(() -> Leaks.assertNoneOf(where, result.body(), Leaks.HOSPITAL_BETA));
                // no oracle: the answer is the one for an id that does not exist for the caller
                soft.assertThat(comparable(result, victimsId)).as(where).isEqualTo(comparable(neverExisted, madeUpId));
                // and the attack changed nothing: the owner still reads (or cancels) its own resource
                HttpResult own = call(c, id.request().apply(stack, victimsId).bearer(stack.token(VICTIM)));
                soft.assertThat(own.status()).as(where + " then used by its owner: " + own.body()).isBetween(200, 299);
                checked.add(where);
            }
        }
        soft.assertAll();
        assertThat(checked).as("routes that name a tenant-owned id").isNotEmpty();
    }

    /** Status and body with the named id and the request id blanked out. */
    static String comparable(HttpResult result, String namedId) {
        String requestId = result.json().path("error").path("request_id").asString("");
        return result.status() + " " + result.body().replace(namedId, "<id>").replace(requestId, "<request>");
    }

    /**
     * Distinctive strings of the victim's own responses on every route, minus what the attacker legitimately sees
     * too (the public catalogue, plan names).
     */
    static Set<String> victimFingerprint() {
        List<HttpResult> victim = new ArrayList<>();
        List<HttpResult> attacker = new ArrayList<>();
        for (Case c : RouteMatrix.withGuard(Guard.TOKEN)) {
            // the export echoes the tenant's own inputs (a checkout's success URL, an invited email), which the attacker's
            // identical requests produce for itself: no marker of the victim's data
            if (c.method().equals("GET") && !c.key().equals("GET /tenants/export")) {
                victim.add(as(VICTIM, c));
                attacker.add(as(ATTACKER, c));
            }
        }
        Set<String> markers = new LinkedHashSet<>(Leaks.fingerprint(victim));
        Set<String> shared = new HashSet<>(Leaks.fingerprint(attacker));
        markers.removeAll(shared);
        return markers;
    }
}
