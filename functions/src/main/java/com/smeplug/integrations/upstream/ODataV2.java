package com.smeplug.integrations.upstream;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/** Reading values the way OData v2 JSON writes them: decimals as strings, dates as {@code /Date(millis)/}. */
public final class ODataV2 {

    private static final Pattern DATE = Pattern.compile("/Date\\((-?\\d+)([+-]\\d{4})?\\)/");

    private ODataV2() {
    }

    /** A string literal for {@code $filter}: single quotes doubled. */
    public static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    public static String requiredText(JsonNode node, String field, String system) {
        String value = text(node, field);
        if (value == null || value.isBlank()) {
            throw UpstreamFailure.error(system + " sent a record without " + field);
        }
        return value;
    }

    public static BigDecimal decimal(JsonNode node, String field, String system) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isNumber()) {
            return UpstreamDecimals.of(value, system, field);
        }
        if (value.isString()) {
            String text = value.asString().trim();
            if (text.isEmpty()) {
                return null;
            }
            BigDecimal parsed;
            try {
                parsed = new BigDecimal(text);
            }
            catch (NumberFormatException e) {
                throw UpstreamFailure.error(system + " sent a non-numeric " + field);
            }
            return UpstreamDecimals.checked(parsed, system, field);
        }
        throw UpstreamFailure.error(system + " sent a non-numeric " + field);
    }

    public static LocalDate date(JsonNode node, String field, String system) {
        String text = text(node, field);
        if (text == null || text.isBlank()) {
            return null;
        }
        Matcher matcher = DATE.matcher(text);
        if (!matcher.matches()) {
            throw UpstreamFailure.error(system + " sent " + field + " in an unexpected date format");
        }
        return Instant.ofEpochMilli(Long.parseLong(matcher.group(1))).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The {@code results} array of a collection or an expanded navigation property. */
    public static Iterable<JsonNode> results(JsonNode container, String what, String system) {
        JsonNode results = container.path("results");
        if (!results.isArray()) {
            throw UpstreamFailure.error(system + " sent " + what + " without a results array");
        }
        return results;
    }
}
