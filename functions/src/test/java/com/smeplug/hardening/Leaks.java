package com.smeplug.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.smeplug.testing.HttpResult;
import tools.jackson.databind.JsonNode;

/** What a response must never contain: another tenant's data, a stack trace, an internal class name. */
public final class Leaks {

    /** Facts of the sample tenant hospital_beta (SPEC §3 and the sample CRM/ERP data) that no other tenant may see. */
    public static final List<String> HOSPITAL_BETA = List.of("hospital_beta", "Hospital Beta", "hospital-beta",
            "001A000001HosBet", "500A000001HOSc01AA", "500A000001HOSc02AA", "EHR integration setup", "HIPAA audit support", "Medline",
            "Cardinal Health", "MED-10021", "MED-20418", "MED-31007", "4500020417", "4500020433");

    /** A Java stack frame ("at com.x.Y.m(Y.java:12)") or an internal name; the plain words "at most" are fine. */
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\(");
    private static final List<String> INTERNALS = List.of("com.smeplug", "Exception", "java.lang", "tools.jackson",
            "com.fasterxml", "software.amazon", "org.springframework", "com.stripe", "Caused by", "\tat ");

    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Enum-like words (statuses, step names, methods) are vocabulary, not a tenant's data. */
    private static final Pattern VOCABULARY = Pattern.compile("[a-z_-]+");
    private static final Pattern TIME = Pattern.compile("\\d{4}-\\d{2}(-\\d{2}.*)?");

    private Leaks() {
    }

    public static void assertNoInternals(String where, String body) {
        String text = body == null ? "" : body;
        for (String internal : INTERNALS) {
            assertThat(text).as(where + ": internal name '" + internal + "' in the body").doesNotContain(internal);
        }
        assertThat(STACK_FRAME.matcher(text).find()).as(where + ": stack frame in " + cut(text)).isFalse();
    }

    /** The one error shape: JSON content type, {"error":{"code","message","request_id"}}. */
    public static void assertErrorShape(String where, HttpResult result) {
        assertThat(result.header("content-type")).as(where).startsWith("application/json");
        JsonNode error = result.json().path("error");
        assertThat(error.path("code").asString("")).as(where + " error.code of " + cut(result.body())).isNotBlank();
        assertThat(error.path("message").asString("")).as(where + " error.message").isNotBlank();
        assertThat(error.path("request_id").asString("")).as(where + " error.request_id").isNotBlank();
        assertNoInternals(where, result.body());
    }

    public static void assertNoneOf(String where, String body, Iterable<String> markers) {
        for (String marker : markers) {
            assertThat(body == null ? "" : body).as(where + ": another tenant's '" + marker + "' in the body")
                    .doesNotContain(marker);
        }
    }

    /** No JSON string value of the body equals one of {@code values} (exact values, so shared words don't count). */
    public static void assertNoValueOf(String where, String body, Iterable<String> values) {
        for (String value : values) {
            assertThat(body == null ? "" : body).as(where + ": another tenant's value '" + value + "' in the body")
                    .doesNotContain(tools.jackson.databind.node.StringNode.valueOf(value).toString());
        }
    }

    /**
     * The distinctive strings of a tenant's own responses (ids, names, subjects): every string value of 6+ characters
     * that is not a time, a UUID, an enum-like word or a description. Used as markers that another tenant's responses must not contain.
     */
    public static Set<String> fingerprint(List<HttpResult> responses) {
        Set<String> values = new TreeSet<>();
        for (HttpResult response : responses) {
            if (response.status() == 200 && response.body() != null && response.body().startsWith("{")) {
                collect(response.json(), values);
            }
        }
        return values;
    }

    private static void collect(JsonNode node, Set<String> into) {
        if (node.isString()) {
            String value = node.asString();
            if (value.length() >= 6 && !UUID.matcher(value).find() && !TIME.matcher(value).matches()
                    && !VOCABULARY.matcher(value).matches()) {
                into.add(value);
            }
        }
        else if (node.isObject()) {
            // a description is product wording (an invoice line's "Unused time on 1 × professional ..."), the same
            // for every tenant that does the same thing: not a marker of whose data it is
            node.properties().stream().filter(field -> !field.getKey().equals("description"))
                    .forEach(field -> collect(field.getValue(), into));
        }
        else if (node.isContainer()) {
            List<JsonNode> children = new ArrayList<>();
            node.forEach(children::add);
            children.forEach(child -> collect(child, into));
        }
    }

    static String cut(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }
}
