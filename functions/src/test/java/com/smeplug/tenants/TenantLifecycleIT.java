package com.smeplug.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.smeplug.hardening.RouteMatrix;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * A tenant leaves with its data: an admin exports everything stored for it (page by page), then deletes it. The
 * tenant is the sample hospital_beta after real use (chats, a fine-tune job, a sync, an invitation) plus a
 * connection item of a kind this feature does not know, as another feature would store it. Small pages and small
 * deletion steps make both run over many requests and many queue messages.
 */
class TenantLifecycleIT {

    static final String TENANT = "hospital_beta";
    static final String OTHER = "lawfirm_alpha";
    static final String CONNECTION_SECRET = "5Aep861-connection-refresh-token-never-exported";

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("tenant-lifecycle-it", Map.of(
                "EXPORT_PAGE_SIZE", "7",
                "DELETION_STEP_DELAY_SECONDS", "0",
                "DELETION_BATCHES_PER_STEP", "1",
                "DELETION_SCAN_PAGE_ITEMS", "10",
                "STEP_DELAY_SECONDS", "900"));
        for (int i = 0; i < 6; i++) {
            HttpResult chat = stack.invoke("chat", ApiEvent.post("/chat",
                    "{\"message\": \"What does HIPAA require for breach notification, case " + i + "?\"}")
                    .bearer(stack.token(TENANT)));
            assertThat(chat.status()).as(chat.body()).isEqualTo(200);
        }
        RouteMatrix.startJob(stack, TENANT);
        assertThat(stack.invoke("sync", ApiEvent.of("POST", "/integrations/salesforce/sync")
                .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", "salesforce")
                .bearer(stack.token(TENANT))).status()).isEqualTo(200);
        assertThat(stack.invoke("invitationCreate", ApiEvent.post("/tenants/invitations",
                "{\"email\": \"nurse@hospital-beta.example\", \"role\": \"member\"}").header("idempotency-key", "k1")
                .bearer(stack.token(TENANT))).status()).isEqualTo(201);
        stack.table().client().putItem(b -> b.tableName(stack.table().name()).item(Map.of(
                "PK", Items.s(TenantStore.pk(TENANT)), "SK", Items.s("CONNECTION#sap"),
                "tenant_id", Items.s(TENANT), "system", Items.s("sap"), "status", Items.s("connected"),
                "connected_at", Items.s("2026-11-30T09:00:00Z"),
                "details", AttributeValue.fromM(Map.of("base_url", Items.s("https://sap.hospital-beta.example"))),
                "secret", Items.s(CONNECTION_SECRET))));
        stack.invoke("chat", ApiEvent.post("/chat", "{\"message\": \"What are the GDPR breach deadlines?\"}")
                .bearer(stack.token(OTHER)));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void export_pages_hold_every_item_of_the_tenant_then_deletion_removes_every_one_and_nothing_else() {
        Set<String> stored = keys(tenantItems());
        assertThat(stored).as("the invitation's Idempotency-Key is stored under the tenant's key")
                .anyMatch(key -> key.startsWith("IDEMPOTENCY#" + TENANT + "|"));
        Set<String> kinds = new HashSet<>();
        Set<String> exported = new HashSet<>();
        List<String> pages = new ArrayList<>();
        String cursor = null;
        do {
            ApiEvent request = ApiEvent.get("/tenants/export").query(cursor == null ? "" : "cursor=" + cursor);
            HttpResult page = stack.invoke("tenantExport", request.bearer(stack.token(TENANT)));
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).doesNotContain(CONNECTION_SECRET, "refresh_token_encrypted");
            JsonNode items = page.json().path("items");
            assertThat(items.size()).as("bounded page").isLessThanOrEqualTo(7);
            items.forEach(item -> {
                exported.add(item.path("pk").asString() + "|" + item.path("sk").asString());
                kinds.add(item.path("kind").asString());
            });
            pages.add(page.body());
            cursor = page.json().path("next_cursor").asString(null);
        }
        while (cursor != null && pages.size() < 100);

        assertThat(pages.size()).as("pages").isGreaterThan(1);
        assertThat(exported).as("the export holds exactly the items stored under the tenant's keys").isEqualTo(stored);
        assertThat(kinds).contains("profile", "idempotency_key", "member", "invitation", "subscription", "session", "chatreq", "ftjob",
                "snapshot", "connection", "usage_event", "usage_counters");

        HttpResult memberExport = stack.invoke("tenantExport", ApiEvent.get("/tenants/export").bearer(stack.token(TENANT, "member")));
        assertThat(memberExport.status()).isEqualTo(403);
        HttpResult foreignCursor = stack.invoke("tenantExport", ApiEvent.get("/tenants/export").query("cursor=" + TenantExport.encode(
                new TenantExport.Cursor(0, "PROFILE"))).bearer(stack.token(OTHER)));
        assertThat(foreignCursor.body()).as("a cursor never leaves the caller's tenant").doesNotContain(TENANT, "Hospital Beta");

        int otherItemsBefore = otherTenantItems();
        HttpResult unconfirmed = delete("{\"confirm\": \"hospital beta\"}");
        assertThat(unconfirmed.status()).isEqualTo(400);
        HttpResult accepted = delete("{\"confirm\": \"Hospital Beta Health System\"}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String deletionId = accepted.json().path("deletion_id").asString();

        for (String role : List.of("member", "admin")) {
            HttpResult next = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token(TENANT, role)));
            assertThat(next.status()).as(role + " right after the 202").isEqualTo(403);
            assertThat(next.errorCode()).isEqualTo("unknown_tenant");
        }

        List<String> stepsSeen = new ArrayList<>();
        String queue = stack.aws().queueUrl("TenantDeletionQueue");
        try (SqsEventSource steps = new SqsEventSource(stack.aws().sqs(), queue, SqsEventSource.queueArn(stack.aws().sqs(), queue),
                1, 30, event -> {
                    stepsSeen.add(event);
                    return stack.invokeRaw("tenantDeletionStep", event);
                }).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> "deleted".equals(deletionStatus(deletionId)));
        }

        assertThat(stepsSeen.size()).as("deleted in many small steps").isGreaterThan(3);
        assertThat(tenantItems()).as("a table scan finds no item with the tenant's key or naming it").isEmpty();
        assertThat(otherTenantItems()).as("another tenant's items").isEqualTo(otherItemsBefore);

        // a redelivered step finds nothing left and changes nothing
        String redelivered = stack.invokeRaw("tenantDeletionStep", stepsSeen.get(0));
        assertThat(redelivered).contains("\"batchItemFailures\":[]");
        assertThat(tenantItems()).isEmpty();
    }

    static HttpResult delete(String body) {
        return stack.invoke("tenantDelete", ApiEvent.of("DELETE", "/tenants").header("content-type", "application/json")
                .body(body).bearer(stack.token(TENANT)));
    }

    static String deletionStatus(String deletionId) {
        var item = stack.table().client().getItem(b -> b.tableName(stack.table().name())
                .key(TenantDeletion.recordKey(deletionId)).consistentRead(true)).item();
        return item == null ? null : Items.str(item, "status");
    }

    /**
     * Every item with the tenant's id in its key or naming it in a text attribute, by a full scan that knows no kind of
     * item — except the deletion's own record, which is kept.
     */
    static List<Map<String, AttributeValue>> tenantItems() {
        return itemsOf(TENANT);
    }

    static int otherTenantItems() {
        return itemsOf(OTHER).size();
    }

    static List<Map<String, AttributeValue>> itemsOf(String tenant) {
        return stack.table().client().scanPaginator(b -> b.tableName(stack.table().name())).items().stream()
                .filter(item -> !item.get("PK").s().startsWith("DELETION#"))
                .filter(item -> keyedBy(item, tenant) || item.values().stream().anyMatch(v -> tenant.equals(v.s())))
                .toList();
    }

    static boolean keyedBy(Map<String, AttributeValue> item, String tenant) {
        return List.of(item.get("PK").s().split("#")).contains(tenant) || List.of(item.get("SK").s().split("#")).contains(tenant);
    }

    /** The items under the tenant's own partition keys (what an export pages through). */
    static Set<String> keys(List<Map<String, AttributeValue>> items) {
        Set<String> keys = new HashSet<>();
        items.stream().filter(i -> List.of(i.get("PK").s().split("#")).contains(TENANT))
                .forEach(i -> keys.add(i.get("PK").s() + "|" + i.get("SK").s()));
        return keys;
    }
}
