package com.smeplug.platform.http;

import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.LogicalType;

/**
 * The one JSON configuration of the API: snake_case names, ISO-8601 times, decimals in plain notation (2400, never
 * 2.4E+3), strict types on input (a number is not a string, a string is not a number), unknown fields ignored.
 */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    /**
     * AWS's own shapes (Lambda events and responses): their camelCase names, unknown fields (new API Gateway
     * additions) ignored. Spring Cloud Function converts function results with it too (see PlatformConfiguration).
     */
    public static final JsonMapper EVENTS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static byte[] writeBytes(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static JsonNode tree(String json) {
        return MAPPER.readTree(json);
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    /** Reads a request body, turning every parse or type failure into a 400 that names the field. */
    public static <T> T readBody(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("request body is required");
        }
        // the parser lets some malformed sequences through into strings; JSON text must be UTF-8 (RFC 8259)
        requireUtf8(body);
        try {
            T value = MAPPER.readValue(body, type);
            if (value == null) {
                throw ApiException.invalid("request body must be a JSON object");
            }
            return value;
        }
        catch (DatabindException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."));
            throw new ApiException(400, "invalid_request",
                    field.isEmpty() ? "request body does not have the expected shape" : "field " + field + " has the wrong type or value");
        }
        catch (StreamConstraintsException e) {
            // valid JSON past one of the parser's limits (nesting depth, length of a number, string or name)
            throw ApiException.invalid("request body is nested too deeply or holds a value too long to read");
        }
        catch (JacksonException e) {
            throw new ApiException(400, "malformed_json", "request body is not valid JSON");
        }
    }

    /** Refuses bytes that are not UTF-8 with a 400, never replacing them. */
    static void requireUtf8(byte[] bytes) {
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes));
        }
        catch (java.nio.charset.CharacterCodingException e) {
            throw ApiException.invalid("request body is not valid UTF-8");
        }
    }
}
