package com.smeplug.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.smeplug.billing.Plans;
import com.smeplug.hardening.HostileBodies.Field;
import com.smeplug.hardening.HostileBodies.Hostile;
import com.smeplug.hardening.HostileBodies.Spec;
import com.smeplug.hardening.HostileBodies.Type;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.http.Json;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Acceptance 2 of the hardening issue: generated hostile bodies for every route that takes one, through the Lambda
 * entry point of one warm stack (FunctionInvoker started once per function, so 1,000+ cases per route stay fast).
 * The only right answer to an invalid body is a 4xx with the JSON error shape — never a 5xx, a stack trace or an
 * internal class name.
 */
class HostileBodiesIT {

    static final int TRIES = 1_000;
    static final String WEBHOOK_SECRET = "whsec_hardening_hostile_0123456789";
    static final Set<String> PLUG_IDS = PlugCatalog.load().all().stream().map(p -> p.plugId())
            .collect(Collectors.toCollection(TreeSet::new));

    /** Routes whose body is part of the request: method+path -> what an invalid one looks like. */
    static final Map<String, Spec> SPECS = new LinkedHashMap<>();
    /** POST routes that ignore any body (Route.post(0)): a body must change nothing, and never cause a 5xx. */
    static final Set<String> BODY_IGNORED = Set.of("POST /integrations/{connector}/sync", "POST /finetune/{job_id}/cancel",
            "POST /finetune/models/{version}/activate",
            "POST /tenants/invitations/{invitation_id}/accept", "POST /billing/cancel",
            "POST /billing/resume");

    static {
        SPECS.put("POST /billing/subscribe", new Spec(RouteMatrix.SUBSCRIBE_BODY, java.util.List.of(
                new Field("plan", Type.STRING, true, HostileBodies.stringsOtherThan(Set.copyOf(Plans.NAMES))),
                new Field("plug_ids", Type.STRING_LIST, true, HostileBodies.stringsOtherThan(PLUG_IDS)),
                new Field("success_url", Type.STRING, true, HostileBodies.notHttpUrls()),
                new Field("cancel_url", Type.STRING, true, HostileBodies.notHttpUrls()))));
        SPECS.put("POST /chat", new Spec("{\"message\": \"What does GDPR say about access requests?\", "
                + "\"active_plug\": \"legal\"}", java.util.List.of(
                // a message of 1-8,000 characters is valid whatever it says: only wrong types, blanks and huge ones
                new Field("message", Type.STRING, true, Arbitraries.of("", " ", "\n\t", "\u2003")),
                // valid session ids are 16-64 of [A-Za-z0-9_-]
                new Field("session_id", Type.STRING, false, Arbitraries.strings().ofMaxLength(80)
                        .filter(v -> !v.matches("[A-Za-z0-9_-]{16,64}"))),
                new Field("active_plug", Type.STRING, false, HostileBodies.stringsOtherThan(PLUG_IDS)))));
        SPECS.put("POST /finetune", new Spec(RouteMatrix.resource("hardening/finetune-start.json"), java.util.List.of(
                new Field("plug_id", Type.STRING, true, HostileBodies.stringsOtherThan(PLUG_IDS)),
                new Field("examples", Type.EXAMPLE_LIST, true, null),
                // any dataset_uri is refused (inline examples only), so every string is a bad one
                new Field("dataset_uri", Type.STRING, false, Arbitraries.strings().ofMaxLength(80)))));
        SPECS.put("POST /tenants", new Spec("{\"name\": \"Hostile Bodies Org\", \"industry\": \"Testing\"}", java.util.List.of(
                new Field("name", Type.STRING, true, Arbitraries.of("", " ", "\n\t", "x".repeat(121))),
                new Field("industry", Type.STRING, false, Arbitraries.of("y".repeat(121), "bad\u0007bell")))));
        SPECS.put("POST /tenants/invitations", new Spec("{\"email\": \"new.hire@example.com\", \"role\": \"member\"}",
                java.util.List.of(
                        new Field("email", Type.STRING, true, Arbitraries.of("", "not-an-email", "a@b", "@example.com",
                                "x@@example.com", "a b@example.com", "x@example")),
                        new Field("role", Type.STRING, false, HostileBodies.stringsOtherThan(Set.of("admin", "member", "ADMIN",
                                "MEMBER", "Admin", "Member"))))));
        SPECS.put("POST /integrations/salesforce/connect", new Spec("{\"environment\": \"sandbox\"}", java.util.List.of(
                new Field("environment", Type.STRING, false, HostileBodies.stringsOtherThan(Set.of("production", "sandbox"))))));
        SPECS.put("POST /billing/portal", new Spec("{\"return_url\": \"https://console.example.com/#/billing\"}",
                java.util.List.of(new Field("return_url", Type.STRING, false,
                        Arbitraries.strings().ofMaxLength(80).filter(v -> !v.matches("(?s)https?://.+"))))));
        SPECS.put("POST /billing/webhook", new Spec(RouteMatrix.resource("hardening/stripe-subscription-deleted.json"),
                java.util.List.of(
                        new Field("id", Type.STRING, true, null),
                        new Field("type", Type.STRING, true, null),
                        new Field("created", Type.INTEGER, true, null),
                        new Field("data", Type.STRING, true, null))));
    }

    static TestStack stack;

    @BeforeContainer
    static void start() {
        // real Salesforce connections on, so connect really reads its body (it calls nobody: it only issues a state)
        stack = TestStack.start("hardening-hostile-it", Map.of("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET,
                "USE_REAL_SALESFORCE", "true", "SALESFORCE_LOGIN_URL", "https://login.example.test",
                "SALESFORCE_CLIENT_ID", "3MVG9hostile", "SALESFORCE_CLIENT_SECRET", "hostile-secret",
                "SALESFORCE_CALLBACK_URL", "https://api.example.test/integrations/salesforce/callback"));
    }

    @AfterContainer
    static void stop() {
        stack.close();
    }

    @Example
    void every_template_route_that_takes_a_post_has_hostile_bodies_or_ignores_them() {
        Set<String> posts = RouteMatrix.templateRoutes().keySet().stream().filter(k -> k.startsWith("POST "))
                .collect(Collectors.toSet());
        Set<String> covered = new TreeSet<>(SPECS.keySet());
        covered.addAll(BODY_IGNORED);

        assertThat(covered).as("every POST route of template.yaml needs a body Spec (or is listed as ignoring its body)")
                .containsAll(posts);
    }

    /** Found by the webhook properties: the event id went into a table key unbounded, DynamoDB refused it, 500. */
    @Example
    void a_signed_event_with_an_oversized_id_is_a_400_and_not_a_500() {
        String payload = SPECS.get("POST /billing/webhook").validJson().replace("evt_hardening_deleted_1", "evt_" + "x".repeat(3_000));
        Hostile body = new Hostile("oversized id", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null);

        HttpResult result = send("stripeWebhook", "/billing/webhook", body, null,
                Map.of("stripe-signature", StripeSignatures.sign(payload, WEBHOOK_SECRET, System.currentTimeMillis() / 1000)));

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.json().path("error").path("message").asString()).isEqualTo("event field id is longer than 500 characters");
    }

    /** Found by the webhook properties: Jackson 3's asLong() throws on a created beyond long, which was a 500. */
    @Example
    void a_signed_event_with_created_beyond_a_long_is_a_400_and_not_a_500() {
        String payload = SPECS.get("POST /billing/webhook").validJson().replace("1767225600", "123456789012345678901234567890");
        Hostile body = new Hostile("created out of range", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null);

        HttpResult result = send("stripeWebhook", "/billing/webhook", body, null,
                Map.of("stripe-signature", StripeSignatures.sign(payload, WEBHOOK_SECRET, System.currentTimeMillis() / 1000)));

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        Leaks.assertErrorShape("created out of range", result);
    }

    /** Found by the bad-signature property: stripe-java's parse failure on the header was answered as a bad body. */
    @Example
    void a_signature_header_stripe_cannot_parse_is_invalid_signature_not_a_bad_body() {
        String payload = SPECS.get("POST /billing/webhook").validJson();
        Hostile body = new Hostile("valid event", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null);

        HttpResult result = send("stripeWebhook", "/billing/webhook", body, null,
                Map.of("stripe-signature", "t=99999999999999999999999,v1=" + "0".repeat(64)));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_signature");
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void chat_answers_every_hostile_body_with_a_4xx(@ForAll("chatBodies") Hostile body) {
        assertRefused("POST /chat", body, send("chat", "/chat", body, "hospital_beta", Map.of()));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void subscribe_answers_every_hostile_body_with_a_4xx(@ForAll("subscribeBodies") Hostile body) {
        assertRefused("POST /billing/subscribe", body, send("subscribe", "/billing/subscribe", body, "buildco_gamma",
                Map.of()));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void finetune_start_answers_every_hostile_body_with_a_4xx(@ForAll("finetuneBodies") Hostile body) {
        assertRefused("POST /finetune", body, send("finetuneStart", "/finetune", body, "buildco_gamma", Map.of()));
    }

    /** As a member of a tenant: every body is refused (a valid one with 409, a user belongs to one tenant). */
    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void tenant_creation_answers_every_hostile_body_with_a_4xx(@ForAll("tenantBodies") Hostile body) {
        assertRefused("POST /tenants", body, send("tenantCreate", "/tenants", body, "buildco_gamma", Map.of()));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void invitations_answer_every_hostile_body_with_a_4xx(@ForAll("invitationBodies") Hostile body) {
        assertRefused("POST /tenants/invitations", body, send("invitationCreate", "/tenants/invitations", body, "buildco_gamma",
                Map.of()));
    }

    @Provide
    Arbitrary<Hostile> tenantBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /tenants"));
    }

    @Provide
    Arbitrary<Hostile> invitationBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /tenants/invitations"));
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void salesforce_connect_answers_every_hostile_body_with_a_4xx(@ForAll("connectBodies") Hostile body) {
        // its body is optional: none, or an object without a (or with a valid) environment, is a valid request
        net.jqwik.api.Assume.that(!validConnectBody(body.bytes()));
        assertRefused("POST /integrations/salesforce/connect", body,
                send("salesforceConnect", "/integrations/salesforce/connect", body, "lawfirm_alpha", Map.of()));
    }

    static boolean validConnectBody(byte[] bytes) {
        if (bytes.length == 0) {
            return true;
        }
        try {
            var json = Json.MAPPER.readTree(bytes);
            var environment = json.path("environment");
            return json.isObject() && bytes.length <= 1024 && (environment.isMissingNode() || environment.isNull()
                    || environment.asString("").equals("production") || environment.asString("").equals("sandbox"))
                    && (environment.isMissingNode() || environment.isNull() || environment.isString());
        }
        catch (RuntimeException e) {
            return false;
        }
    }

    @Provide
    Arbitrary<Hostile> connectBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /integrations/salesforce/connect"));
    }

    /** Signed with the endpoint's secret: the body itself must be refused once the signature has passed. */
    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void the_webhook_answers_every_validly_signed_hostile_body_with_a_400(@ForAll("webhookBodies") Hostile body) {
        String signature = StripeSignatures.sign(new String(body.bytes(), java.nio.charset.StandardCharsets.UTF_8),
                WEBHOOK_SECRET, System.currentTimeMillis() / 1000);
        HttpResult result = send("stripeWebhook", "/billing/webhook", body, null, Map.of("stripe-signature", signature));
        assertRefused("POST /billing/webhook", body, result);
    }

    @Property(tries = TRIES, shrinking = ShrinkingMode.BOUNDED)
    void the_webhook_answers_every_bad_signature_with_400_invalid_signature(@ForAll("badSignatures") String signature) {
        String payload = SPECS.get("POST /billing/webhook").validJson();
        Hostile body = new Hostile("valid event", payload.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, null);

        HttpResult result = send("stripeWebhook", "/billing/webhook", body, null, Map.of("stripe-signature", signature));

        assertThat(result.status()).as(signature + " -> " + result.body()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_signature");
        Leaks.assertErrorShape(signature, result);
    }

    /** These routes take no body: whatever is sent, the answer is the one for no body, never a 5xx. */
    @Property(tries = 250, shrinking = ShrinkingMode.BOUNDED)
    void routes_without_a_body_ignore_any_body(@ForAll("subscribeBodies") Hostile body) {
        HttpResult sync = invoke("sync", RouteMatrix.cases().get("POST /integrations/{connector}/sync")
                .request().get().bearer(stack.token("buildco_gamma")), body);
        HttpResult cancel = invoke("finetuneCancel", RouteMatrix.jobCancel(RouteMatrix.NO_SUCH_JOB)
                .bearer(stack.token("buildco_gamma")), body);
        HttpResult activate = invoke("finetuneActivate", RouteMatrix.modelActivate("999", "legal")
                .bearer(stack.token("buildco_gamma")), body);

        assertThat(sync.status()).as(body + " -> " + sync.body()).isEqualTo(200);
        assertThat(cancel.status()).as(body + " -> " + cancel.body()).isEqualTo(404);
        assertThat(activate.status()).as(body + " -> " + activate.body()).isEqualTo(404);
        Leaks.assertNoInternals("sync", sync.body());
        Leaks.assertErrorShape("cancel", cancel);
        Leaks.assertErrorShape("activate", activate);
    }

    @Provide
    Arbitrary<Hostile> subscribeBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /billing/subscribe"));
    }

    @Provide
    Arbitrary<Hostile> chatBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /chat"));
    }

    @Provide
    Arbitrary<Hostile> finetuneBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /finetune"));
    }

    @Provide
    Arbitrary<Hostile> webhookBodies() {
        return HostileBodies.invalidFor(SPECS.get("POST /billing/webhook"));
    }

    @Provide
    Arbitrary<String> badSignatures() {
        String payload = SPECS.get("POST /billing/webhook").validJson();
        long now = System.currentTimeMillis() / 1000;
        // older than the 300 s tolerance (stripe-java bounds only the past: a future timestamp needs our secret anyway)
        Arbitrary<Long> timestamps = Arbitraries.longs().between(now - 86_400 * 365, now - 301);
        return Arbitraries.oneOf(java.util.List.of(
                Arbitraries.strings().ofMaxLength(200),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64).map(hex -> "t=" + now + ",v1=" + hex),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(30).map(secret -> StripeSignatures.sign(payload,
                        "whsec_" + secret, now)),
                timestamps.map(t -> StripeSignatures.sign(payload, WEBHOOK_SECRET, t)),
                Arbitraries.of("t=,v1=", "v1=", "t=abc,v1=def", "t=" + now, ",,,", "t=" + now + ",v0="
                        + StripeSignatures.sign(payload, WEBHOOK_SECRET, now).split("v1=")[1],
                        StripeSignatures.sign(payload + " ", WEBHOOK_SECRET, now),
                        StripeSignatures.sign(payload, WEBHOOK_SECRET, now).toUpperCase(java.util.Locale.ROOT),
                        "t=" + now + ",v1=" + "0".repeat(64) + ",v1=" + "f".repeat(64),
                        "t=99999999999999999999999,v1=" + "0".repeat(64),
                        "t=-1,v1=" + "0".repeat(64))));
    }

    // --- sending and checking -----------------------------------------------------------------------------------

    static HttpResult send(String definition, String path, Hostile body, String tenant, Map<String, String> headers) {
        ApiEvent event = ApiEvent.of("POST", path).header("content-type", "application/json");
        headers.forEach(event::header);
        if (tenant != null) {
            event.bearer(stack.token(tenant));
        }
        return invoke(definition, event, body);
    }

    /** The event with the hostile body, base64-flagged as given (even when it is not valid base64). */
    static HttpResult invoke(String definition, ApiEvent event, Hostile body) {
        if (event.headerValue("authorization") != null) {
            stack.aws().authorizer().authorize(event); // what API Gateway's JWT authorizer does before the function
        }
        Map<String, Object> json = new LinkedHashMap<>(event.toMap());
        json.put("body", body.eventBody());
        json.put("isBase64Encoded", body.base64());
        return HttpResult.parse(stack.invokeRaw(definition, Json.write(json)));
    }

    static void assertRefused(String route, Hostile body, HttpResult result) {
        String where = route + " with " + body;
        assertThat(result.status()).as(where + " -> " + Leaks.cut(result.body())).isBetween(400, 499);
        Leaks.assertErrorShape(where, result);
    }
}
