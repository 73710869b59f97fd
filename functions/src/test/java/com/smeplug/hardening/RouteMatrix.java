package com.smeplug.hardening;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.testing.TestStack;

/**
 * Every HTTP route of template.yaml with its isolation and auth cases: how it is guarded, a valid request for a
 * tenant, and each resource id a tenant can name in it (with how to create one as another tenant). A route in the
 * template that is missing here fails {@code TenantIsolationIT.every_template_route_has_isolation_and_auth_cases}: a
 * new route must say how it is attacked before it builds.
 */
public final class RouteMatrix {

    /** How a route decides who is calling. */
    public enum Guard {
        /** Bearer JWT naming the tenant: token attacks -> 401, unknown tenant -> 403. */
        TOKEN,
        /** Stripe's signature header instead of a token: bad or missing signatures -> 400 invalid_signature. */
        STRIPE_SIGNATURE,
        /** Public, tenant-free content (the console's static files): no tenant data may appear in it. */
        PUBLIC,
        /** An OAuth callback: no token; its single-use state names the tenant (see SalesforceConnectionsIT). */
        OAUTH_STATE
    }

    /**
     * A resource id a tenant names in a request. {@code create} makes one as {@code owner} and returns its id;
     * {@code request} is the request naming that id (the caller adds the reader's token).
     */
    public record ForeignId(String name, BiFunction<TestStack, String, String> create,
            BiFunction<TestStack, String, ApiEvent> request) {
    }

    /**
     * {@code request}: a valid request (no Authorization header) as the route's client would send it.
     * {@code foreignIds}: ids a tenant can name; {@code noIdsBecause}: why there are none (required when empty).
     */
    public record Case(String definition, String method, String path, Guard guard, Supplier<ApiEvent> request,
            List<ForeignId> foreignIds, String noIdsBecause) {

        public String key() {
            return method + " " + path;
        }
    }

    public static final String SUBSCRIBE_BODY = """
            {"plan": "professional", "plug_ids": ["legal", "engineering"],
             "success_url": "https://console.example.com/billing/success",
             "cancel_url": "https://console.example.com/billing/cancel"}""";

    public static final String SAP_BODY = """
            {"base_url": "https://my400000.s4hana.example.com", "auth": {"type": "basic", "username": "COMM_USER",
             "password": "example-only"}, "sap_client": "100", "company_code": "1010", "plant": "1010"}""";

    /** A job id of the right shape that no tenant has. */
    public static final String NO_SUCH_JOB = "ft-0000000000000-00000000";

    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    static {
        add(new Case("plugs", "GET", "/plugs", Guard.TOKEN, () -> ApiEvent.get("/plugs"), List.of(),
                "names no id: the catalogue plus the caller's own subscription"));
        add(new Case("usage", "GET", "/billing/usage", Guard.TOKEN,
                () -> ApiEvent.get("/billing/usage"), List.of(),
                "names only a month (?month=YYYY-MM), never a tenant or record id"));
        add(new Case("salesforce", "GET", "/integrations/salesforce", Guard.TOKEN,
                () -> ApiEvent.get("/integrations/salesforce"), List.of(),
                "names no id: the CRM account comes from the caller's own tenant profile"));
        add(new Case("sap", "GET", "/integrations/sap", Guard.TOKEN, () -> ApiEvent.get("/integrations/sap"), List.of(),
                "names no id: the ERP plant comes from the caller's own tenant profile"));
        add(new Case("sync", "POST", "/integrations/{connector}/sync", Guard.TOKEN,
                () -> ApiEvent.of("POST", "/integrations/salesforce/sync").routeKey("POST /integrations/{connector}/sync")
                        .pathParameter("connector", "salesforce"),
                List.of(), "names a connector (salesforce|sap), not a tenant-owned id; the body is ignored"));
        add(new Case("integrations", "GET", "/integrations", Guard.TOKEN, () -> ApiEvent.get("/integrations"), List.of(),
                "names no id: the status of the caller's own connections"));
        add(new Case("salesforceConnect", "POST", "/integrations/salesforce/connect", Guard.TOKEN,
                () -> ApiEvent.post("/integrations/salesforce/connect", "{\"environment\": \"production\"}"), List.of(),
                "names only a login environment; the state it issues is bound to the caller's tenant"));
        add(new Case("salesforceCallback", "GET", "/integrations/salesforce/callback", Guard.OAUTH_STATE,
                () -> ApiEvent.get("/integrations/salesforce/callback").query("code=aPrxCode&state=lawfirm_alpha."
                        + "A".repeat(43)), List.of(),
                "the state is the only input naming a tenant; forged, reused, expired and other-tenant states are"
                        + " refused with nothing stored (SalesforceConnectionsIT)"));
        add(new Case("salesforceDisconnect", "DELETE", "/integrations/salesforce", Guard.TOKEN,
                () -> ApiEvent.of("DELETE", "/integrations/salesforce"), List.of(),
                "names no id: removes the caller's own connection"));
        add(new Case("sapConnect", "PUT", "/integrations/sap", Guard.TOKEN,
                () -> ApiEvent.of("PUT", "/integrations/sap").header("content-type", "application/json").body(SAP_BODY),
                List.of(), "names the tenant's own SAP system; stored under the caller's tenant only"));
        add(new Case("sapDisconnect", "DELETE", "/integrations/sap", Guard.TOKEN,
                () -> ApiEvent.of("DELETE", "/integrations/sap"), List.of(),
                "names no id: removes the caller's own connection"));
        add(new Case("billingPlan", "GET", "/billing/plan", Guard.TOKEN, () -> ApiEvent.get("/billing/plan"), List.of(),
                "names no id: the caller's own subscription"));
        add(new Case("invoices", "GET", "/billing/invoices", Guard.TOKEN, () -> ApiEvent.get("/billing/invoices"),
                List.of(), "lists the caller's invoices; no route reads an invoice by id"));
        add(new Case("subscribe", "POST", "/billing/subscribe", Guard.TOKEN,
                () -> ApiEvent.post("/billing/subscribe", SUBSCRIBE_BODY), List.of(),
                "names a plan and plug ids (the public catalogue), no tenant-owned id"));
        add(new Case("cancelSubscription", "POST", "/billing/cancel", Guard.TOKEN,
                () -> ApiEvent.post("/billing/cancel", ""), List.of(), "names no id: the caller's own subscription"));
        add(new Case("resumeSubscription", "POST", "/billing/resume", Guard.TOKEN,
                () -> ApiEvent.post("/billing/resume", ""), List.of(), "names no id: the caller's own subscription"));
        add(new Case("billingPortal", "POST", "/billing/portal", Guard.TOKEN,
                () -> ApiEvent.post("/billing/portal", "{\"return_url\": \"https://console.example.com/#/billing\"}"),
                List.of(), "names only where to come back to; the portal is the caller's own customer's"));
        add(new Case("stripeWebhook", "POST", "/billing/webhook", Guard.STRIPE_SIGNATURE,
                () -> ApiEvent.post("/billing/webhook", "{}"), List.of(),
                "Stripe names its own objects; the tenant comes from the customer and subscription stored at checkout"));

        add(new Case("chat", "POST", "/chat", Guard.TOKEN, () -> chat(null),
                List.of(new ForeignId("chat session id", RouteMatrix::startSession, (stack, id) -> chat(id))), null));

        add(new Case("console", "GET", "/", Guard.PUBLIC, () -> ApiEvent.get("/"), List.of(),
                "the console page holds no data; every API call it makes carries the tenant's token"));
        add(new Case("console", "GET", "/console/{asset+}", Guard.PUBLIC, () -> asset("app.js"), List.of(),
                "names a static file of the console, the same for every tenant"));

        ForeignId job = new ForeignId("fine-tune job id", RouteMatrix::startJob, null);
        add(new Case("finetuneStart", "POST", "/finetune", Guard.TOKEN,
                () -> ApiEvent.post("/finetune", resource("hardening/finetune-start.json")), List.of(),
                "creates a job; its id is chosen by the server"));
        add(new Case("finetuneStatus", "GET", "/finetune/status/{job_id}", Guard.TOKEN,
                () -> jobStatus(NO_SUCH_JOB),
                List.of(new ForeignId(job.name(), job.create(), (stack, id) -> jobStatus(id))), null));
        add(new Case("finetuneJobs", "GET", "/finetune/jobs", Guard.TOKEN, () -> ApiEvent.get("/finetune/jobs"),
                List.of(), "lists the caller's own jobs (?limit only)"));
        add(new Case("finetuneCancel", "POST", "/finetune/{job_id}/cancel", Guard.TOKEN,
                () -> jobCancel(NO_SUCH_JOB),
                List.of(new ForeignId(job.name(), job.create(), (stack, id) -> jobCancel(id))), null));
        add(new Case("finetuneModels", "GET", "/finetune/models", Guard.TOKEN, () -> ApiEvent.get("/finetune/models"),
                List.of(), "lists the caller's own specialisation versions"));
        add(new Case("finetuneActivate", "POST", "/finetune/models/{version}/activate", Guard.TOKEN,
                () -> modelActivate("999", "legal"), List.of(),
                "a version number is counted per tenant and plug and read under the caller's tenant (the partition key "
                        + "comes from the token): another tenant's version 3 names the caller's own version 3, if any"));
    }

    static {
        add(new Case("me", "GET", "/me", Guard.TOKEN, () -> ApiEvent.get("/me"), List.of(),
                "names no id: the caller's own user and membership"));
        add(new Case("tenantCreate", "POST", "/tenants", Guard.TOKEN,
                () -> ApiEvent.post("/tenants", "{\"name\": \"Another Organisation\"}"), List.of(),
                "creates a tenant whose id the server generates; a member of a tenant gets 409"));
        add(new Case("invitationCreate", "POST", "/tenants/invitations", Guard.TOKEN,
                () -> ApiEvent.post("/tenants/invitations", "{\"email\": \"new.hire@example.com\", \"role\": \"member\"}"),
                List.of(), "names an email address; the invitation belongs to the caller's own tenant"));
        add(new Case("invitationAccept", "POST", "/tenants/invitations/{invitation_id}/accept", Guard.TOKEN,
                () -> accept(RouteMatrix.NO_SUCH_INVITATION), List.of(),
                "the invitation id is a capability (128 random bits) for one verified email: another email is 403, "
                        + "not 404 (TenantsIT), so it is not an id another tenant's member can probe"));
        add(new Case("members", "GET", "/tenants/members", Guard.TOKEN, () -> ApiEvent.get("/tenants/members"), List.of(),
                "lists the caller's own tenant's members"));
        ForeignId member = new ForeignId("member user id", RouteMatrix::memberOf, null);
        add(new Case("memberRole", "PATCH", "/tenants/members/{user_id}", Guard.TOKEN,
                () -> memberRole("sample-no_such_tenant-member"),
                List.of(new ForeignId(member.name(), member.create(), (stack, id) -> memberRole(id))), null));
        add(new Case("memberRemove", "DELETE", "/tenants/members/{user_id}", Guard.TOKEN,
                () -> memberRemove("sample-no_such_tenant-member"),
                List.of(new ForeignId(member.name(), member.create(), (stack, id) -> memberRemove(id))), null));
        add(new Case("tenantExport", "GET", "/tenants/export", Guard.TOKEN, () -> ApiEvent.get("/tenants/export"), List.of(),
                "pages the caller's own tenant; the cursor names no partition key"));
        add(new Case("tenantDelete", "DELETE", "/tenants", Guard.TOKEN,
                () -> ApiEvent.of("DELETE", "/tenants").header("content-type", "application/json")
                        .body("{\"confirm\": \"not the tenant's name\"}"),
                List.of(), "deletes the caller's own tenant, confirmed by its name"));
    }

    public static final String NO_SUCH_INVITATION = "inv_00000000000000000000000000000000";

    public static ApiEvent accept(String invitationId) {
        return ApiEvent.of("POST", "/tenants/invitations/" + invitationId + "/accept")
                .routeKey("POST /tenants/invitations/{invitation_id}/accept").pathParameter("invitation_id", invitationId);
    }

    public static ApiEvent memberRole(String userId) {
        return ApiEvent.of("PATCH", "/tenants/members/" + userId).routeKey("PATCH /tenants/members/{user_id}")
                .pathParameter("user_id", userId).header("content-type", "application/json").body("{\"role\": \"member\"}");
    }

    public static ApiEvent memberRemove(String userId) {
        return ApiEvent.of("DELETE", "/tenants/members/" + userId).routeKey("DELETE /tenants/members/{user_id}")
                .pathParameter("user_id", userId);
    }

    /** The member (not admin) user of {@code tenant}. */
    static String memberOf(TestStack stack, String tenant) {
        stack.token(tenant, "member");
        return com.smeplug.samples.SampleTenantSeeder.sampleUser(tenant, "member").userId();
    }

    public static ApiEvent jobStatus(String jobId) {
        return ApiEvent.get("/finetune/status/" + jobId).routeKey("GET /finetune/status/{job_id}")
                .pathParameter("job_id", jobId);
    }

    public static ApiEvent jobCancel(String jobId) {
        return ApiEvent.of("POST", "/finetune/" + jobId + "/cancel").routeKey("POST /finetune/{job_id}/cancel")
                .pathParameter("job_id", jobId);
    }

    public static ApiEvent modelActivate(String version, String plugId) {
        return ApiEvent.of("POST", "/finetune/models/" + version + "/activate")
                .routeKey("POST /finetune/models/{version}/activate").pathParameter("version", version)
                .query("plug_id=" + plugId);
    }

    public static ApiEvent asset(String name) {
        return ApiEvent.get("/console/" + name).routeKey("GET /console/{asset+}").pathParameter("asset", name);
    }

    public static final String CHAT_MESSAGE = "What are our open cases?";

    public static ApiEvent chat(String sessionId) {
        String body = sessionId == null
                ? "{\"message\": \"" + CHAT_MESSAGE + "\"}"
                : "{\"message\": \"" + CHAT_MESSAGE + "\", \"session_id\": \"" + sessionId + "\"}";
        return ApiEvent.post("/chat", body);
    }

    /** Asks one question as {@code tenant} in a new session; returns the session id. */
    public static String startSession(TestStack stack, String tenant) {
        var result = stack.invoke("chat", chat(null).bearer(stack.token(tenant)));
        if (result.status() != 200) {
            throw new IllegalStateException("could not chat as " + tenant + ": " + result.body());
        }
        return result.json().path("session_id").asString();
    }

    /** Starts a sample fine-tune job as {@code tenant}; returns its id. */
    public static String startJob(TestStack stack, String tenant) {
        var result = stack.invoke("finetuneStart", ApiEvent.post("/finetune", resource("hardening/finetune-start.json"))
                .bearer(stack.token(tenant)));
        if (result.status() != 202) {
            throw new IllegalStateException("could not start a job as " + tenant + ": " + result.body());
        }
        return result.json().path("job_id").asString();
    }

    public static String resource(String path) {
        try (var in = RouteMatrix.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private RouteMatrix() {
    }

    static void add(Case c) {
        if (CASES.putIfAbsent(c.key(), c) != null) {
            throw new IllegalStateException("route registered twice: " + c.key());
        }
        if (c.foreignIds().isEmpty() && (c.noIdsBecause() == null || c.noIdsBecause().isBlank())) {
            throw new IllegalStateException(c.key() + " names no resource ids: say why");
        }
    }

    public static Map<String, Case> cases() {
        return CASES;
    }

    /** The template's HTTP routes: "METHOD /path" -> function definition. */
    public static Map<String, String> templateRoutes() {
        Map<String, String> routes = new LinkedHashMap<>();
        for (SamTemplate.FunctionSpec function : SamTemplate.load().functions()) {
            for (SamTemplate.HttpRoute route : function.routes()) {
                routes.put(route.method() + " " + route.path(), function.definition());
            }
        }
        return routes;
    }

    public static List<Case> withGuard(Guard guard) {
        return CASES.values().stream().filter(c -> c.guard() == guard).toList();
    }
}
