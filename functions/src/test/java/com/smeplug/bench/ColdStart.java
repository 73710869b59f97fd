package com.smeplug.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;

/**
 * One cold start in this fresh JVM: creates the handler (Lambda's init phase), answers one event (the first
 * invoke), and prints {@code init_ms first_invoke_ms total_ms status} measured from the JVM's own start time.
 * {@code spring-primed} runs the SnapStart priming between the two (not counted in either): what a restored
 * snapshot starts from. {@code spring-empty} starts {@link EmptyFunctionApplication} instead of ours: the framework's
 * own share. Usage: ColdStart spring|spring-primed|spring-empty|plain <definition> <event.json>
 */
public final class ColdStart {

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        byte[] event = Files.readAllBytes(Path.of(args[2]));
        if (args[0].equals("spring-empty")) {
            System.setProperty("MAIN_CLASS", EmptyFunctionApplication.class.getName());
        }
        RequestStreamHandler handler = args[0].startsWith("spring") ? new PrimingFunctionInvoker(args[1]) : plainHandler(args[1]);
        long initEnd = System.currentTimeMillis();
        if (args[0].equals("spring-primed")) {
            // What SnapStart's checkpoint runs (the CRaC resource); this JVM has no CRaC, so call it directly.
            ((PrimingFunctionInvoker) handler).prime();
        }
        // Loading these two marks where the first invoke starts and ends in a -Xlog:class+load trace (profiling).
        FirstInvokeStarts.mark();
        long invokeStart = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, SyntheticLambdaContext.invocation(args[1]));
        long invoked = System.currentTimeMillis();
        FirstInvokeEnded.mark();
        String response = out.toString(StandardCharsets.UTF_8);
        String status = response.replaceAll("(?s).*\"statusCode\"\\s*:\\s*(\\d+).*", "$1");
        System.out.printf("RESULT %d %d %d %s%n", initEnd - jvmStart, invoked - invokeStart,
                initEnd - jvmStart + invoked - invokeStart, status);
        System.exit(0);
    }

    /** Its class load marks the start of the first invoke in a class-load trace. */
    private static final class FirstInvokeStarts {
        static void mark() {
        }
    }

    /** Its class load marks the end of the first invoke in a class-load trace. */
    private static final class FirstInvokeEnded {
        static void mark() {
        }
    }

    static RequestStreamHandler plainHandler(String definition) throws Exception {
        return switch (definition) {
            case "plugs" -> new PlainPlugsHandler();
            case "usage" -> new PlainUsageHandler();
            case "chat" -> new PlainChatHandler();
            default -> throw new IllegalArgumentException("no plain baseline for " + definition);
        };
    }
}
