package com.smeplug.hardening;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import com.smeplug.platform.http.Json;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generators of request bodies a careless or hostile client sends: wrong types, missing and extra fields, huge
 * strings and arrays, deep nesting, invalid UTF-8, out-of-range numbers, malformed JSON, base64 bodies. Every body
 * generated from a {@link Spec} is invalid for that route, so the only right answer is a 4xx.
 */
public final class HostileBodies {

    /** A body as API Gateway hands it over: text, or base64 of bytes. */
    public record Hostile(String kind, byte[] bytes, boolean base64, String rawBase64) {

        static Hostile text(String kind, String body) {
            return new Hostile(kind, body.getBytes(StandardCharsets.UTF_8), false, null);
        }

        static Hostile binary(String kind, byte[] bytes) {
            return new Hostile(kind, bytes, true, null);
        }

        /** The event's body field. */
        public String eventBody() {
            if (rawBase64 != null) {
                return rawBase64;
            }
            return base64 ? Base64.getEncoder().encodeToString(bytes) : new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            return kind + (base64 ? " (base64)" : "") + " [" + bytes.length + " bytes] "
                    + (text.length() > 200 ? text.substring(0, 200) + "..." : text);
        }
    }

    public enum Type { STRING, STRING_LIST, EXAMPLE_LIST, INTEGER }

    /**
     * A body field: {@code required} fields may be removed; {@code badStrings} are wrong values of the right type.
     */
    public record Field(String name, Type type, boolean required, Arbitrary<String> badStrings) {
    }

    /** A route's valid body and its fields. */
    public record Spec(String validJson, List<Field> fields) {

        ObjectNode valid() {
            return (ObjectNode) Json.tree(validJson);
        }
    }

    private static final String HOLE = "\u0000HOSTILE\u0000";
    private static final String HOLE_JSON = "\"\\u0000HOSTILE\\u0000\"";

    private HostileBodies() {
    }

    /** Every kind of bad body for {@code spec}, weighted so each kind gets a fair share of 1,000 tries. */
    public static Arbitrary<Hostile> invalidFor(Spec spec) {
        Arbitrary<Hostile> plain = Arbitraries.oneOf(List.of(
                wrongType(spec),
                wrongValue(spec),
                missingField(spec),
                notAnObject(),
                malformed(spec),
                deepNesting(spec),
                invalidUtf8(spec),
                hugeString(spec),
                hugeArray(spec)));
        return Arbitraries.oneOf(List.of(
                plain,
                withExtraFields(plain),
                plain.map(h -> h.base64() ? h : Hostile.binary(h.kind(), h.bytes())),
                notBase64()));
    }

    // --- kinds ------------------------------------------------------------------------------------------------------

    static Arbitrary<Hostile> wrongType(Spec spec) {
        return Arbitraries.of(spec.fields()).flatMap(field -> wrongTypeValue(field)
                .map(raw -> Hostile.text("wrong type for " + field.name(), replace(spec, field.name(), raw))));
    }

    static Arbitrary<Hostile> wrongValue(Spec spec) {
        List<Field> withBadStrings = spec.fields().stream().filter(f -> f.badStrings() != null).toList();
        if (withBadStrings.isEmpty()) {
            return wrongType(spec);
        }
        return Arbitraries.of(withBadStrings).flatMap(field -> field.badStrings().map(bad -> {
            String raw = field.type() == Type.STRING_LIST ? "[" + quote(bad) + "]" : quote(bad);
            return Hostile.text("wrong value for " + field.name(), replace(spec, field.name(), raw));
        }));
    }

    static Arbitrary<Hostile> missingField(Spec spec) {
        List<Field> required = spec.fields().stream().filter(Field::required).toList();
        if (required.isEmpty()) {
            return wrongType(spec); // a body whose fields are all optional has nothing to leave out
        }
        return Arbitraries.of(required).map(field -> {
            ObjectNode body = spec.valid();
            body.remove(field.name());
            return Hostile.text("missing " + field.name(), Json.write(body));
        });
    }

    static Arbitrary<Hostile> notAnObject() {
        return Arbitraries.oneOf(List.of(
                Arbitraries.of("", " ", "\n\t ", "null", "true", "false", "0", "-1", "1e400", "\"text\"", "[]", "[{}]",
                        "[null]", "{}", "\"{}\"", "\uFEFF{}"),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.strings().ofMaxLength(40).map(HostileBodies::quote)))
                .map(body -> Hostile.text("not an object", body));
    }

    static Arbitrary<Hostile> malformed(Spec spec) {
        String valid = Json.write(spec.valid());
        Arbitrary<String> truncated = Arbitraries.integers().between(1, valid.length() - 1).map(n -> valid.substring(0, n));
        Arbitrary<String> trailing = Arbitraries.of("}", "{}", "x", ",", "]", "//", "/* */", "\u0000", "null")
                .map(t -> valid + t);
        Arbitrary<String> other = Arbitraries.of(
                valid.replace('"', '\''),
                valid.replaceFirst("\\{", "{/* comment */"),
                valid.replaceFirst("\\{", "{\"" + spec.fields().get(0).name() + "\": NaN, "),
                valid.replaceFirst("\\{", "{\"" + spec.fields().get(0).name() + "\": Infinity, "),
                valid.replaceFirst("\\{", "{" + quote(spec.fields().get(0).name()) + ": \"dup\", "),
                valid.replaceFirst("\\{", "{a: 1, "),
                valid.replace(":", "="),
                valid.replace(",", ",,"),
                "{" + valid,
                valid.replaceAll("\\s", "").replaceFirst("\\}$", ",}"));
        Arbitrary<String> garbage = Arbitraries.strings().ofMinLength(1).ofMaxLength(200).filter(s -> !parsesAsObject(s));
        return Arbitraries.oneOf(List.of(truncated, trailing, other, garbage)).map(body -> Hostile.text("malformed JSON", body));
    }

    static Arbitrary<Hostile> deepNesting(Spec spec) {
        Arbitrary<Integer> depth = Arbitraries.of(64, 500, 1_001, 5_000, 20_000);
        Arbitrary<String> nested = Combinators.combine(depth, Arbitraries.of("[]", "{}")).as((d, kind) -> kind.equals("[]")
                ? "[".repeat(d) + "]".repeat(d)
                : "{\"a\":".repeat(d) + "1" + "}".repeat(d));
        return Combinators.combine(Arbitraries.of(spec.fields()), nested, Arbitraries.of(true, false))
                .as((field, raw, topLevel) -> Hostile.text("nested " + raw.length() / 2 + " deep",
                        topLevel ? raw : replace(spec, field.name(), raw)));
    }

    /** Bytes that are not UTF-8, inside a string value of an otherwise valid body; sent base64 like any binary body. */
    static Arbitrary<Hostile> invalidUtf8(Spec spec) {
        List<byte[]> bad = List.of(new byte[] { (byte) 0xFF }, new byte[] { (byte) 0xC3, 0x28 },
                new byte[] { (byte) 0xC0, (byte) 0xAF }, new byte[] { (byte) 0x80 }, new byte[] { (byte) 0xE2, (byte) 0x82 },
                new byte[] { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 },
                new byte[] { (byte) 0xFE, (byte) 0xFF });
        List<Field> strings = spec.fields().stream().filter(f -> f.type() == Type.STRING).toList();
        return Combinators.combine(Arbitraries.of(strings.isEmpty() ? spec.fields() : strings), Arbitraries.of(bad))
                .as((field, bytes) -> {
                    String body = replace(spec, field.name(), "\"" + HOLE.replace("\u0000", "\\u0000") + "\"");
                    String[] parts = body.split(java.util.regex.Pattern.quote("\\u0000HOSTILE\\u0000"), 2);
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    out.writeBytes(parts[0].getBytes(StandardCharsets.UTF_8));
                    out.writeBytes("legal".getBytes(StandardCharsets.UTF_8));
                    out.writeBytes(bytes);
                    out.writeBytes(parts.length > 1 ? parts[1].getBytes(StandardCharsets.UTF_8) : new byte[0]);
                    return Hostile.binary("invalid UTF-8 in " + field.name(), out.toByteArray());
                });
    }

    static Arbitrary<Hostile> hugeString(Spec spec) {
        return Combinators.combine(Arbitraries.of(spec.fields()), Arbitraries.of(70_000, 600_000, 2_100_000),
                Arbitraries.of('a', 'é', '\u4e2d', '"'))
                .as((field, length, c) -> Hostile.text("huge string in " + field.name(),
                        replace(spec, field.name(), quote(String.valueOf(c).repeat(length)))));
    }

    static Arbitrary<Hostile> hugeArray(Spec spec) {
        return Combinators.combine(Arbitraries.of(spec.fields()), Arbitraries.of(20_000, 300_000),
                Arbitraries.of("1", "\"legal\"", "null", "{}", "[]", "1e400"))
                .as((field, count, element) -> Hostile.text("huge array in " + field.name(),
                        replace(spec, field.name(), "[" + String.join(",", java.util.Collections.nCopies(count, element)) + "]")));
    }

    static Arbitrary<Hostile> withExtraFields(Arbitrary<Hostile> base) {
        Arbitrary<String> extras = Arbitraries.of(
                "\"tenant_id\": \"hospital_beta\"", "\"__proto__\": {\"admin\": true}", "\"constructor\": {}",
                "\"extra\": [1, {\"a\": null}]", "\"mock_mode\": false", "\"PK\": \"TENANT#hospital_beta\"",
                "\"\": \"\"", "\"x\": 1e400");
        return Combinators.combine(base, extras).as((hostile, extra) -> {
            String text = new String(hostile.bytes(), StandardCharsets.UTF_8);
            if (!text.startsWith("{") || hostile.base64()) {
                return hostile;
            }
            String body = text.equals("{}") ? "{" + extra + "}" : "{" + extra + "," + text.substring(1);
            return new Hostile(hostile.kind() + " + extra field", body.getBytes(StandardCharsets.UTF_8), false, null);
        });
    }

    static Arbitrary<Hostile> notBase64() {
        return Arbitraries.of("not base64 at all!", "eyJ", "e30=e30=", "%%%%", "e3 0=", "====")
                .map(raw -> new Hostile("marked base64 but is not", raw.getBytes(StandardCharsets.UTF_8), true, raw));
    }

    // --- wrong values by type ---------------------------------------------------------------------------------------

    static Arbitrary<String> wrongTypeValue(Field field) {
        List<Arbitrary<String>> choices = new ArrayList<>();
        // numbers out of any range, fractions, and the other JSON types
        choices.add(Arbitraries.of("true", "false", "{}", "{\"a\": 1}", "1e400", "-1e400", "4.9e-325",
                "123456789012345678901234567890", "-9223372036854775809", "9223372036854775808", "0.5"));
        if (field.type() != Type.INTEGER) {
            choices.add(Arbitraries.longs().map(String::valueOf));
            choices.add(Arbitraries.doubles().map(String::valueOf).filter(s -> !s.contains("N") && !s.contains("I")));
        }
        if (field.required()) {
            choices.add(Arbitraries.just("null"));
        }
        switch (field.type()) {
            case STRING -> choices.add(Arbitraries.of("[]", "[\"legal\"]", "[null]", "[[]]"));
            case STRING_LIST -> choices.add(Arbitraries.of("\"legal\"", "[]", "[1]", "[null]", "[[\"legal\"]]",
                    "[{}]", "[true]", "[\"legal\", 1]", "{\"0\": \"legal\"}"));
            case EXAMPLE_LIST -> choices.add(Arbitraries.of("\"examples\"", "[]", "[1]", "[null]", "[\"prompt\"]",
                    "[[]]", "[{}]", "{\"prompt\": \"a\", \"completion\": \"b\"}",
                    "[{\"prompt\": 1, \"completion\": \"b\"}]", "[{\"prompt\": \"a\", \"completion\": []}]"));
            case INTEGER -> choices.add(Arbitraries.of("\"1\"", "[]", "\"\""));
        }
        return Arbitraries.oneOf(choices);
    }

    /** Strings that are not one of {@code valid}. */
    public static Arbitrary<String> stringsOtherThan(Set<String> valid) {
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(10),
                Arbitraries.of("", " ", "LEGAL", "legal ", " legal", "legal\u0000", "../legal", "legal' OR '1'='1",
                        "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\uD83D\uDE00", "null", "TENANT#x")))
                .filter(s -> !valid.contains(s));
    }

    /** Strings that are not absolute http(s) URLs. */
    public static Arbitrary<String> notHttpUrls() {
        Predicate<String> httpUrl = s -> s.matches("(?is)\\s*https?://[^/?#\\s]+.*");
        return Arbitraries.oneOf(List.of(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.of("", " ", "javascript:alert(1)", "ftp://example.com/x", "//evil.example/x", "/relative",
                        "https://", "http:///path", "mailto:a@b.c", "file:///etc/passwd", "https://exa mple.com",
                        "data:text/html,<h1>x</h1>", "http://[::1", "https:// evil.example")))
                .filter(httpUrl.negate());
    }

    // --- helpers ----------------------------------------------------------------------------------------------------

    /** The valid body with one field's value replaced by raw JSON text. */
    static String replace(Spec spec, String field, String rawJson) {
        ObjectNode body = spec.valid();
        body.put(field, HOLE);
        return Json.write(body).replace(HOLE_JSON, rawJson);
    }

    static String quote(String text) {
        return Json.write(text);
    }

    private static boolean parsesAsObject(String text) {
        try {
            JsonNode node = Json.tree(text);
            return node != null && node.isObject();
        }
        catch (RuntimeException e) {
            return false;
        }
    }
}
