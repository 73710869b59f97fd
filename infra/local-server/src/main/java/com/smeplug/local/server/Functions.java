package com.smeplug.local.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One {@link FunctionInvoker} per function definition, exactly as Lambda would create one per function: same
 * jar, same entry point, the definition chosen by name. Started together at start-up so the first request is warm.
 */
final class Functions {

    private final Map<String, FunctionInvoker> invokers = new ConcurrentHashMap<>();

    void startAll(Collection<String> definitions) {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<FunctionInvoker>> started = definitions.stream()
                    .map(definition -> pool.submit(() -> invokers.computeIfAbsent(definition, FunctionInvoker::new)))
                    .toList();
            for (Future<FunctionInvoker> future : started) {
                future.get();
            }
        }
        catch (Exception e) {
            throw new IllegalStateException("a function failed to start: " + e.getMessage(), e);
        }
        finally {
            pool.shutdown();
        }
    }

    boolean has(String definition) {
        return invokers.containsKey(definition);
    }

    int count() {
        return invokers.size();
    }

    /** Raw event JSON in, the raw JSON the Lambda runtime would return out. */
    String invoke(String definition, String eventJson) {
        FunctionInvoker invoker = invokers.get(definition);
        if (invoker == null) {
            throw new IllegalArgumentException("no function " + definition);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                    new LocalLambdaContext(definition));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
