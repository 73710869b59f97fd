package com.smeplug.platform.aws;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * The items SnapStart priming's probe finds (see {@code platform/auth/Probe}), declared by the stores that read them
 * and never written. Registered on the DynamoDB client, it lets a probe's {@code GetItem} go to the table like any
 * read (which finds nothing: no probe item is ever stored) and then, for a declared probe key only, puts the declared
 * item in the response body in DynamoDB's wire shape before the SDK reads it. So priming runs the SDK's unmarshalling
 * of a found item and the store's own mapping of it — the "found" path every real request takes — and every other
 * key, and every other operation, is left untouched.
 */
public final class ProbeItems implements ExecutionInterceptor {

    /** A probe's partition key names a probe id, and only a probe id starts with '~' (see Probe). */
    private static final String PROBE_ID_MARK = "#~";
    private static final String CRC32_HEADER = "x-amz-crc32";
    private static final Map<String, Map<String, Declared>> DECLARED_BY_SORT_KEY = new ConcurrentHashMap<>();

    /**
     * A declared item and its response body, written on the first probe read that finds it: the stores declare
     * their items as they load, on every start, but only priming ever reads them.
     */
    private static final class Declared {

        private final Map<String, AttributeValue> item;
        private volatile byte[] response;

        Declared(Map<String, AttributeValue> item) {
            this.item = item;
        }

        byte[] response() {
            if (response == null) {
                response = JsonMapper.shared().writeValueAsBytes(Map.of("Item", wire(item)));
            }
            return response;
        }
    }

    /**
     * A {@code GetItem} of a key whose sort key is {@code sortKey} and whose partition key starts with
     * {@code partitionKeyPrefix} (which must name a probe id: "...#~...") finds {@code item}.
     */
    public static void declare(String partitionKeyPrefix, String sortKey, Map<String, AttributeValue> item) {
        if (!partitionKeyPrefix.contains(PROBE_ID_MARK)) {
            throw new IllegalArgumentException("not a probe key: " + partitionKeyPrefix);
        }
        DECLARED_BY_SORT_KEY.computeIfAbsent(sortKey, k -> new ConcurrentHashMap<>())
                .put(partitionKeyPrefix, new Declared(Map.copyOf(item)));
    }

    /** The found-item response for {@code request}, if it is a {@code GetItem} of a declared probe key. */
    static Optional<byte[]> responseFor(Object request) {
        if (!(request instanceof GetItemRequest get)) {
            return Optional.empty();
        }
        String pk = Items.str(get.key(), "PK");
        String sk = Items.str(get.key(), "SK");
        if (pk == null || sk == null || !pk.contains(PROBE_ID_MARK)) {
            return Optional.empty();
        }
        return DECLARED_BY_SORT_KEY.getOrDefault(sk, Map.of()).entrySet().stream()
                .filter(declared -> pk.startsWith(declared.getKey())).map(declared -> declared.getValue().response())
                .findFirst();
    }

    @Override
    public SdkHttpResponse modifyHttpResponse(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<byte[]> found = context.httpResponse().isSuccessful() ? responseFor(context.request()) : Optional.empty();
        if (found.isEmpty()) {
            return context.httpResponse();
        }
        // the checksum DynamoDB sends is of its own body: this one's is checked as a real response's is
        CRC32 crc32 = new CRC32();
        crc32.update(found.get());
        return context.httpResponse().toBuilder().putHeader(CRC32_HEADER, Long.toString(crc32.getValue()))
                .putHeader("Content-Length", Integer.toString(found.get().length)).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
            ExecutionAttributes attributes) {
        Optional<byte[]> found = context.httpResponse().isSuccessful() ? responseFor(context.request()) : Optional.empty();
        if (found.isEmpty()) {
            return context.responseBody();
        }
        // the table's own answer (nothing found) is read to its end, so the connection goes back to the pool
        context.responseBody().ifPresent(ProbeItems::drain);
        return Optional.of(new ByteArrayInputStream(found.get()));
    }

    private static void drain(InputStream body) {
        try (body) {
            body.transferTo(OutputStream.nullOutputStream());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> wire(Map<String, AttributeValue> item) {
        Map<String, Object> wire = new LinkedHashMap<>();
        item.forEach((name, value) -> wire.put(name, wire(value)));
        return wire;
    }

    /** One attribute value in DynamoDB's JSON ({"S": "..."}, {"N": "1"}, {"M": {...}}, ...). */
    private static Map<String, Object> wire(AttributeValue value) {
        return switch (value.type()) {
            case S -> Map.of("S", value.s());
            case N -> Map.of("N", value.n());
            case BOOL -> Map.of("BOOL", value.bool());
            case NUL -> Map.of("NULL", true);
            case SS -> Map.of("SS", value.ss());
            case NS -> Map.of("NS", value.ns());
            case L -> Map.of("L", value.l().stream().map(ProbeItems::wire).toList());
            case M -> Map.of("M", wire(value.m()));
            default -> throw new IllegalArgumentException("a probe item holds no " + value.type() + " attribute");
        };
    }
}
