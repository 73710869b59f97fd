package com.smeplug.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * One cold start in this fresh JVM: creates the handler (Lambda's init phase), answers one event (the first
 * invoke), and prints {@code init_ms first_invoke_ms total_ms status} measured from the JVM's own start time.
 * Usage: ColdStart spring|spring-primed|plain <definition> <event.json>
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        byte[] event = Files.readAllBytes(Path.of(args[2]));
        long initStart = System.currentTimeMillis();
        RequestStreamHandler handler = args[0].startsWith("spring") ? new FunctionInvoker(args[1]) : plainHandler(args[1]);
        if (args[0].equals("spring-primed")) {
            // What SnapStart's checkpoint runs (the CRaC resource); this JVM has no CRaC, so call it directly.
            com.smeplug.platform.http.HttpFunctions.primeAll();
        }
        long initEnd = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long invoked = System.currentTimeMillis();
        String response = out.toString(StandardCharsets.UTF_8);
        String status = response.replaceAll("(?s).*\"statusCode\"\\s*:\\s*(\\d+).*", "$1");
        System.out.printf("RESULT %d %d %d %s%n", initEnd - jvmStart, invoked - initEnd, invoked - jvmStart, status);
        System.exit(0);
    }

    private static RequestStreamHandler plainHandler(String definition) throws Exception {
        return switch (definition) {
            case "plugs" -> new PlainPlugsHandler();
            case "usage" -> new PlainUsageHandler();
            default -> throw new IllegalArgumentException("no plain baseline for " + definition);
        };
    }
}
