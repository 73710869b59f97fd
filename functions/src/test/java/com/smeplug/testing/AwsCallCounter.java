package com.smeplug.testing;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts the AWS calls every SDK client of this JVM makes while a {@link Recording} is open: operations per service,
 * and DynamoDB's on-demand request units as DynamoDB bills them — a read unit per 4 KB read (half for an eventually
 * consistent read; a GetItem that finds nothing still costs one), a write unit per 1 KB written. Item sizes are
 * computed from the items themselves (attribute names plus values); an UpdateItem is sized by what it writes (its
 * key and values), a conditional write that fails still costs its units. Registered for the test class path in
 * software/amazon/awssdk/global/handlers/execution.interceptors; inert while no recording is open.
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    private static final AtomicReference<Recording> ACTIVE = new AtomicReference<>();

    /** What was called while it was open, by "service.Operation" (service in lower case: dynamodb, sqs). */
    public static final class Recording implements AutoCloseable {
        private final Map<String, LongAdder> operations = new ConcurrentHashMap<>();
        private final DoubleAdder readUnits = new DoubleAdder();
        private final DoubleAdder writeUnits = new DoubleAdder();

        public Map<String, Long> operations() {
            Map<String, Long> result = new java.util.TreeMap<>();
            operations.forEach((name, count) -> result.put(name, count.sum()));
            return result;
        }

        public long count(String serviceOperation) {
            LongAdder count = operations.get(serviceOperation);
            return count == null ? 0 : count.sum();
        }

        public long count(String service, Collection<String> names) {
            return names.stream().mapToLong(name -> count(service + "." + name)).sum();
        }

        public double readUnits() {
            return readUnits.sum();
        }

        public double writeUnits() {
            return writeUnits.sum();
        }

        @Override
        public void close() {
            ACTIVE.compareAndSet(this, null);
        }
    }

    public static Recording record() {
        Recording recording = new Recording();
        ACTIVE.set(recording);
        return recording;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        count(context.request(), context.response(), attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        count(context.request(), null, attributes);
    }

    private static void count(SdkRequest request, SdkResponse response, ExecutionAttributes attributes) {
        Recording recording = ACTIVE.get();
        if (recording == null) {
            return;
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        recording.operations.computeIfAbsent(service.toLowerCase(java.util.Locale.ROOT) + "." + operation,
                k -> new LongAdder()).increment();
        if (request instanceof GetItemRequest get) {
            recording.readUnits.add(readUnits(
                    response instanceof GetItemResponse r && r.hasItem() ? size(r.item()) : 0, get.consistentRead()));
        }
        else if (request instanceof QueryRequest query) {
            recording.readUnits.add(readUnits(
                    response instanceof QueryResponse r ? r.items().stream().mapToLong(AwsCallCounter::size).sum() : 0,
                    query.consistentRead()));
        }
        else if (request instanceof ScanRequest scan) {
            recording.readUnits.add(readUnits(
                    response instanceof ScanResponse r ? r.items().stream().mapToLong(AwsCallCounter::size).sum() : 0,
                    scan.consistentRead()));
        }
        else if (request instanceof BatchGetItemRequest batch && response instanceof BatchGetItemResponse r) {
            boolean consistent = batch.requestItems().values().stream().anyMatch(keys -> Boolean.TRUE.equals(keys.consistentRead()));
            r.responses().values().forEach(items -> items.forEach(item -> recording.readUnits.add(readUnits(size(item), consistent))));
        }
        else if (request instanceof PutItemRequest put) {
            recording.writeUnits.add(writeUnits(size(put.item())));
        }
        else if (request instanceof UpdateItemRequest update) {
            recording.writeUnits.add(writeUnits(size(update.key())
                    + (update.hasExpressionAttributeValues() ? size(update.expressionAttributeValues()) : 0)));
        }
        else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().values().forEach(writes -> writes.forEach(write ->
                    recording.writeUnits.add(writeUnits(write.putRequest() != null ? size(write.putRequest().item()) : 0))));
        }
        else if ("DeleteItem".equals(operation)) {
            recording.writeUnits.add(1);
        }
    }

    private static double readUnits(long bytes, Boolean consistent) {
        double units = Math.max(1, Math.ceil(bytes / 4096.0));
        return Boolean.TRUE.equals(consistent) ? units : units / 2;
    }

    private static double writeUnits(long bytes) {
        return Math.max(1, Math.ceil(bytes / 1024.0));
    }

    static long size(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToLong(e -> utf8(e.getKey()) + size(e.getValue())).sum();
    }

    private static long size(AttributeValue value) {
        if (value.s() != null) {
            return utf8(value.s());
        }
        if (value.n() != null) {
            return value.n().length() / 2 + 1;
        }
        if (value.b() != null) {
            return value.b().asByteArray().length;
        }
        if (value.hasSs()) {
            return value.ss().stream().mapToLong(AwsCallCounter::utf8).sum();
        }
        if (value.hasNs()) {
            return value.ns().stream().mapToLong(n -> n.length() / 2 + 1).sum();
        }
        if (value.hasL()) {
            List<AttributeValue> list = value.l();
            return 3 + list.stream().mapToLong(v -> 1 + size(v)).sum();
        }
        if (value.hasM()) {
            return 3 + value.m().entrySet().stream().mapToLong(e -> 1 + utf8(e.getKey()) + size(e.getValue())).sum();
        }
        return 1; // BOOL, NULL
    }

    private static long utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
