package com.smeplug.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.smeplug.SmePlugApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Warm latency in one JVM: N invocations through FunctionInvoker, through the plain handler, and of the function
 * bean called directly (no adapter), then resident memory. Prints {@code WARM <kind> p50_ms p99_ms} and
 * {@code RSS_MB n}. Usage: WarmBench <definition> <event.json> <invocations>
 */
public final class WarmBench {

    private WarmBench() {
    }

    public static void main(String[] args) throws Exception {
        String definition = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);

        FunctionInvoker invoker = new FunctionInvoker(definition);
        report("function_invoker", n, () -> invoke(invoker, event));

        var context = new SpringApplicationBuilder(SmePlugApplication.class).web(WebApplicationType.NONE).run();
        @SuppressWarnings("unchecked")
        Function<InputStream, ?> bean = (Function<InputStream, ?>) context.getBean(definition);
        report("bean_direct", n, () -> bean.apply(new ByteArrayInputStream(event)));

        RequestStreamHandler plain = definition.equals("plugs") ? new PlainPlugsHandler()
                : definition.equals("usage") ? new PlainUsageHandler() : null;
        if (plain != null) {
            report("plain_handler", n, () -> invoke(plain, event));
        }
        System.out.printf("RSS_MB %d%n", residentMegabytes());
        System.exit(0);
    }

    interface Call {
        void run() throws Exception;
    }

    private static void invoke(RequestStreamHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        if (!out.toString().contains("\"statusCode\":200")) {
            throw new IllegalStateException("not a 200: " + out);
        }
    }

    private static void report(String kind, int n, Call call) throws Exception {
        for (int i = 0; i < Math.min(200, n); i++) {
            call.run();
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("WARM %s %.3f %.3f%n", kind, nanos[n / 2] / 1e6, nanos[(int) (n * 0.99)] / 1e6);
    }

    private static long residentMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}
