package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import tools.jackson.databind.JsonNode;

/**
 * POST /chat offline (the default) through the real Lambda entry point, with the real packs, the sample connectors,
 * the usage meter and DynamoDB (dynalite): grounded answers, routing, record questions, sessions, validation and
 * metering as GET /billing/usage reports it.
 */
class ChatFunctionIT {

    static TestStack stack;
    static ChatRequests client;
    static final PlugCatalog CATALOG = PlugCatalog.load();

    @BeforeAll
    static void start() {
        stack = TestStack.start("chat-it");
        client = new ChatRequests(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.path(field).asString(null)));
        return values;
    }

    // --- acceptance 1: grounded answers citing the right pack, routed without active_plug -----------------------

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvFileSource(resources = "/chat/acceptance/questions.csv", delimiter = '|')
    void a_natural_question_is_routed_to_its_plug_and_cites_a_passage_that_answers_it(String id, String plug,
            String passageIds) {
        String question = EvaluationSet.load().items().stream().filter(i -> i.id().equals(id)).findFirst()
                .orElseThrow().question();
        HttpResult result = client.chat("hospital_beta", question);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("active_plug").asString()).isEqualTo(plug);
        assertThat(body.path("routing").asString()).isEqualTo("best_match");
        assertThat(List.of(passageIds.split(","))).contains(values(body.path("citations"), "passage_id").get(0));
        assertThat(values(body.path("citations"), "passage_id")).allMatch(p -> p.startsWith(plug + "-"));
        JsonNode first = body.path("citations").get(0);
        assertThat(first.path("kind").asString()).isEqualTo("passage");
        assertThat(first.path("source").asString()).isEqualTo("knowledge_pack");
        assertThat(first.path("mock_mode").isBoolean()).isTrue();
        assertThat(first.path("mock_mode").asBoolean()).isFalse();
        assertThat(first.path("reference").asString()).isNotBlank();
        assertThat(first.path("title").asString()).isNotBlank();
        String excerpt = first.path("excerpt").asString();
        assertThat(body.path("reply").asString()).contains(excerpt.replaceFirst("\\.\\.\\.$", ""))
                .endsWith(CATALOG.find(plug).orElseThrow().persona().disclaimer());
        assertThat(body.path("model").asString()).isEqualTo("offline-extractive");
        assertThat(body.path("answer_source").asString()).isEqualTo("knowledge_pack");
        assertThat(body.path("mock_mode").asBoolean()).isTrue();
        assertThat(body.path("source").asString()).isEqualTo("sample");
        assertThat(body.path("usage").path("input_tokens").asLong()).isZero();
        assertThat(body.path("usage").path("output_tokens").asLong()).isZero();
    }

    @Test
    void a_question_no_pack_answers_says_so_cites_nothing_and_says_what_the_plug_covers() {
        HttpResult result = client.chat("hospital_beta", "What VAT rate do we charge on consulting services sold to a customer in Germany?");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("citations").size()).isZero();
        assertThat(body.path("routing").asString()).isEqualTo("default");
        assertThat(body.path("reply").asString()).contains("knowledge pack has no answer to this question")
                .contains("It covers ").doesNotContainIgnoringCase("covers handles");
        assertThat(body.path("source").asString()).isEqualTo("sample");
        assertThat(body.path("mock_mode").asBoolean()).isTrue();
    }

    @Test
    void an_explicit_plug_answers_from_its_own_pack() {
        HttpResult result = client.chat("hospital_beta", "How long do we have to notify a data breach?", null, "healthcare");

        assertThat(result.json().path("active_plug").asString()).isEqualTo("healthcare");
        assertThat(result.json().path("routing").asString()).isEqualTo("requested");
        assertThat(values(result.json().path("citations"), "passage_id")).allMatch(id -> id.startsWith("healthcare-"));
    }

    @Test
    void a_law_firms_data_access_request_about_a_clients_file_cites_the_access_right_and_never_the_patent_filing_term() {
        // the "file" matched "filing" miss, asked of the one-plug law firm (L01 of the evaluation set)
        String question = EvaluationSet.load().items().stream().filter(i -> i.id().equals("L01")).findFirst()
                .orElseThrow().question();

        HttpResult result = client.chat("lawfirm_alpha", question);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(values(result.json().path("citations"), "passage_id")).first().isEqualTo("legal-008");
        assertThat(values(result.json().path("citations"), "passage_id")).doesNotContain("legal-056");
        assertThat(result.json().path("reply").asString()).contains("one month");
    }

    @Test
    void a_tenant_with_one_plug_is_answered_by_it() {
        HttpResult result = client.chat("lawfirm_alpha", "What does W18x35 mean?");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("active_plug").asString()).isEqualTo("legal");
        assertThat(result.json().path("routing").asString()).isEqualTo("only_subscribed");
    }

    // --- acceptance 2: the tenant's own records --------------------------------------------------------------------

    @Test
    void open_cases_as_hospital_beta_cite_only_hospital_betas_crm_cases() {
        List<String> own = caseIds("hospital_beta");
        List<String> others = new ArrayList<>(caseIds("lawfirm_alpha"));
        others.addAll(caseIds("buildco_gamma"));

        HttpResult result = client.chat("hospital_beta", "What are our open cases?");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode citations = result.json().path("citations");
        assertThat(own).isNotEmpty();
        assertThat(values(citations, "title")).containsExactlyInAnyOrderElementsOf(
                own.stream().map(id -> "Salesforce case " + id).toList());
        assertThat(values(citations, "source")).containsOnly("sample");
        citations.forEach(c -> assertThat(c.path("mock_mode").asBoolean()).isTrue());
        assertThat(values(citations, "kind")).containsOnly("crm");
        assertThat(result.json().path("source").asString()).isEqualTo("sample");
        String reply = result.json().path("reply").asString();
        assertThat(reply).contains("sample data");
        others.forEach(id -> assertThat(reply).doesNotContain(id));
    }

    private static List<String> caseIds(String tenant) {
        HttpResult crm = stack.invoke("salesforce", ApiEvent.get("/integrations/salesforce").bearer(stack.token(tenant)));
        assertThat(crm.status()).as(crm.body()).isEqualTo(200);
        return values(crm.json().path("open_cases"), "case_id");
    }

    @Test
    void stock_questions_are_answered_from_the_tenants_erp() {
        HttpResult rebar = client.chat("buildco_gamma", "How much rebar do we have?");
        HttpResult gloves = client.chat("hospital_beta", "stock of gloves");

        assertThat(values(rebar.json().path("citations"), "kind")).containsOnly("erp");
        assertThat(rebar.json().path("reply").asString()).containsIgnoringCase("rebar").contains("in stock");
        assertThat(values(gloves.json().path("citations"), "title")).singleElement().asString().startsWith("SAP material");
        assertThat(gloves.json().path("reply").asString()).containsIgnoringCase("gloves");
    }

    @Test
    void purchase_orders_are_answered_from_the_tenants_erp() {
        HttpResult result = client.chat("buildco_gamma", "Which purchase orders do we have?");

        assertThat(values(result.json().path("citations"), "title")).isNotEmpty()
                .allMatch(title -> title.startsWith("SAP purchase order"));
        assertThat(result.json().path("reply").asString()).doesNotContain("Medline");
    }

    // --- acceptance 4: sessions --------------------------------------------------------------------------------------

    @Test
    void a_session_continues_with_its_id_and_a_short_follow_up_uses_the_previous_question() {
        HttpResult first = client.chat("hospital_beta", "What must the controller do after a personal data breach under GDPR?");
        String sessionId = first.json().path("session_id").asString();

        HttpResult second = client.chat("hospital_beta", "And the data subjects?", sessionId, null);

        assertThat(sessionId).matches("[A-Za-z0-9_-]{22}");
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().path("session_id").asString()).isEqualTo(sessionId);
        assertThat(second.json().path("active_plug").asString()).isEqualTo("legal");
        assertThat(values(second.json().path("citations"), "passage_id")).contains("legal-018");
    }

    @Test
    void another_tenants_session_id_is_404() {
        String sessionId = client.chat("hospital_beta", "What is FHIR?").json().path("session_id").asString();

        HttpResult result = client.chat("lawfirm_alpha", "And what else?", sessionId, null);

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.errorCode()).isEqualTo("session_not_found");
    }

    @Test
    void an_unknown_session_id_is_404_and_a_malformed_one_400() {
        assertThat(client.chat("lawfirm_alpha", "GDPR", "AAAAAAAAAAAAAAAAAAAAAA", null).status()).isEqualTo(404);
        HttpResult malformed = client.chat("lawfirm_alpha", "GDPR", "TENANT#hospital_beta", null);
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.errorCode()).isEqualTo("invalid_request");
    }

    // --- acceptance 4: input validation ------------------------------------------------------------------------------

    @Test
    void a_missing_or_blank_message_is_400() {
        assertThat(client.raw("lawfirm_alpha", "{}").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "{\"message\":\"  \"}").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "{\"message\":\"\"}").errorCode()).isEqualTo("invalid_request");
    }

    @Test
    void a_message_over_8000_characters_is_413_and_one_of_8000_is_answered() {
        assertThat(client.chat("lawfirm_alpha", "a".repeat(8_001)).status()).isEqualTo(413);
        assertThat(client.chat("lawfirm_alpha", "a".repeat(8_001)).errorCode()).isEqualTo("payload_too_large");
        assertThat(client.chat("lawfirm_alpha", "GDPR breach notification ".repeat(320)).status()).isEqualTo(200);
        // thesaurus words throughout: the synonym graph of their expansions is far larger than the message
        assertThat(client.chat("lawfirm_alpha", "A stolen laptop held a copy of everything. ".repeat(180)).status())
                .isEqualTo(200);
        assertThat(client.chat("lawfirm_alpha", "Can she export her data? ".repeat(310)).status()).isEqualTo(200);
    }

    @Test
    void wrong_types_are_400_and_unknown_fields_are_ignored() {
        assertThat(client.raw("lawfirm_alpha", "{\"message\":12}").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "{\"message\":\"GDPR\",\"active_plug\":[\"legal\"]}").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "{\"message\":\"GDPR\",\"session_id\":true}").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "not json").status()).isEqualTo(400);
        assertThat(client.raw("lawfirm_alpha", "{\"message\":\"GDPR breach\",\"temperature\":0.2}").status()).isEqualTo(200);
    }

    @Test
    void a_plug_the_tenant_does_not_subscribe_to_is_403_and_an_unknown_one_400() {
        HttpResult notSubscribed = client.chat("lawfirm_alpha", "HIPAA", null, "healthcare");
        HttpResult unknown = client.chat("lawfirm_alpha", "HIPAA", null, "astrology");

        assertThat(notSubscribed.status()).isEqualTo(403);
        assertThat(notSubscribed.errorCode()).isEqualTo("plug_not_subscribed");
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void the_response_is_json_with_only_our_headers() {
        HttpResult result = stack.invoke("chat", ApiEvent.post("/chat", "{\"message\":\"What is FHIR?\"}")
                .bearer(stack.token("hospital_beta")).header("Cookie", "session=secret").header("X-Custom", "echo?"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.headers().keySet()).doesNotContain("authorization", "cookie", "x-custom", "id", "timestamp");
    }

    @Test
    void without_a_token_it_is_401_and_other_methods_405() {
        assertThat(stack.invoke("chat", ApiEvent.post("/chat", "{\"message\":\"hi\"}")).status()).isEqualTo(401);
        assertThat(stack.invoke("chat", ApiEvent.get("/chat").bearer(stack.token("lawfirm_alpha"))).status()).isEqualTo(405);
    }

    // --- acceptance 4: metering ---------------------------------------------------------------------------------------

    @Test
    void each_answered_chat_shows_up_in_billing_usage_with_its_plug_and_failures_do_not() {
        JsonNode before = usage("buildco_gamma");

        assertThat(client.chat("buildco_gamma", "What does W18x35 mean?").status()).isEqualTo(200);
        assertThat(client.chat("buildco_gamma", "How much rebar do we have?").status()).isEqualTo(200);
        assertThat(client.chat("buildco_gamma", "GDPR", null, "legal").status()).isEqualTo(403);
        assertThat(client.raw("buildco_gamma", "{}").status()).isEqualTo(400);
        JsonNode after = usage("buildco_gamma");

        assertThat(after.path("queries_this_month").asLong()).isEqualTo(before.path("queries_this_month").asLong() + 2);
        assertThat(after.path("plugs_used").path("engineering").asLong())
                .isEqualTo(before.path("plugs_used").path("engineering").asLong(0) + 2);
    }

    @Test
    void a_retried_request_with_the_same_idempotency_key_is_answered_again_and_counted_once() {
        long before = usage("lawfirm_alpha").path("queries_this_month").asLong();

        HttpResult first = client.withKey("lawfirm_alpha", "How long does copyright last?", "copyright-q-1");
        HttpResult retry = client.withKey("lawfirm_alpha", "How long does copyright last?", "copyright-q-1");

        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(usage("lawfirm_alpha").path("queries_this_month").asLong()).isEqualTo(before + 1);
    }

    private static JsonNode usage(String tenant) {
        HttpResult result = client.usage(tenant);
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return result.json();
    }

    @Test
    void a_chat_is_metered_for_its_own_tenant_only() {
        long hospital = usage("hospital_beta").path("queries_this_month").asLong();
        long lawfirm = usage("lawfirm_alpha").path("queries_this_month").asLong();

        assertThat(client.chat("lawfirm_alpha", "What is the patent term?").status()).isEqualTo(200);

        assertThat(usage("hospital_beta").path("queries_this_month").asLong()).isEqualTo(hospital);
        assertThat(usage("lawfirm_alpha").path("queries_this_month").asLong()).isEqualTo(lawfirm + 1);
    }
}
