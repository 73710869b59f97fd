package com.smeplug.local.server;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;

/**
 * One {@link PrimingFunctionInvoker} per function definition, exactly as Lambda would create one per function: same
 * jar, same entry point, the definition chosen by name. Started at start-up so the first request is warm.
 */
final class Functions {

    private final Map<String, PrimingFunctionInvoker> invokers = new ConcurrentHashMap<>();

    /** One after another: Spring Boot's logging initialisation is not safe to run for two contexts at once. */
    void startAll(Collection<String> definitions) {
        for (String definition : definitions) {
            invokers.computeIfAbsent(definition, PrimingFunctionInvoker::new);
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
        PrimingFunctionInvoker invoker = invokers.get(definition);
        if (invoker == null) {
            throw new IllegalArgumentException("no function " + definition);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker.handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                    SyntheticLambdaContext.invocation(definition));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
