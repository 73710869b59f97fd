package com.smeplug.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.smeplug.SmePlugApplication;
import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import tools.jackson.databind.json.JsonMapper;

/**
 * Warm latency of one function, in one JVM. First the Lambda handler alone answers N events and the resident set
 * is read (what a container holds after N invocations). Then three handlers are compared, interleaved call by
 * call so that JIT state and the local server's warmth are shared alike: the Lambda handler (PrimingFunctionInvoker,
 * i.e. Spring Cloud Function's FunctionInvoker), the function bean called directly with its response written as
 * JSON (what any handler must do with it), and the plain hand-written handler. Every call carries a new request id,
 * so chat answers and meters each one instead of replaying the first. Prints {@code RSS_MB n} and
 * {@code WARM <kind> p50_ms p99_ms}. Usage: WarmBench <definition> <event.json> <invocations>
 */
public final class WarmBench {

    private static final int WARM_UP = 200;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WarmBench() {
    }

    public static void main(String[] args) throws Exception {
        String definition = args[0];
        String event = Files.readString(Path.of(args[1]));
        int n = Integer.parseInt(args[2]);
        Context context = SyntheticLambdaContext.invocation(definition);
        int[] sequence = {0};
        Call invoker = handlerCall(new PrimingFunctionInvoker(definition), event, context, sequence);

        for (int i = 0; i < n; i++) {
            invoker.run();
        }
        System.out.printf("RSS_MB %d%n", residentMegabytes());

        // main(...): under -Dspring.aot.enabled=true the generated initializer is looked up by the main class's name
        var spring = new SpringApplicationBuilder(SmePlugApplication.class).main(SmePlugApplication.class)
                .web(WebApplicationType.NONE).run();
        @SuppressWarnings("unchecked")
        Function<InputStream, ?> bean = (Function<InputStream, ?>) spring.getBean(definition);
        Call direct = () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            JSON.writeValue(out, bean.apply(new ByteArrayInputStream(withNewRequestId(event, sequence))));
            expectOk(out);
        };
        Call plain = handlerCall(ColdStart.plainHandler(definition), event, context, sequence);

        List<String> kinds = List.of("function_invoker", "bean_direct", "plain_handler");
        List<Call> calls = List.of(invoker, direct, plain);
        for (int i = 0; i < WARM_UP; i++) {
            for (Call call : calls) {
                call.run();
            }
        }
        long[][] nanos = new long[calls.size()][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < calls.size(); k++) {
                int which = (i + k) % calls.size(); // rotate who goes first
                long start = System.nanoTime();
                calls.get(which).run();
                nanos[which][i] = System.nanoTime() - start;
            }
        }
        for (int k = 0; k < calls.size(); k++) {
            Arrays.sort(nanos[k]);
            System.out.printf("WARM %s %.3f %.3f%n", kinds.get(k), nanos[k][n / 2] / 1e6, nanos[k][(int) (n * 0.99)] / 1e6);
        }
        System.exit(0);
    }

    interface Call {
        void run() throws Exception;
    }

    private static Call handlerCall(RequestStreamHandler handler, String event, Context context, int[] sequence) {
        return () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(withNewRequestId(event, sequence)), out, context);
            expectOk(out);
        };
    }

    private static byte[] withNewRequestId(String event, int[] sequence) {
        String id = "bench-" + System.nanoTime() + "-" + sequence[0]++;
        return event.replaceFirst("\"requestId\"\\s*:\\s*\"[^\"]*\"", "\"requestId\": \"" + id + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void expectOk(ByteArrayOutputStream out) {
        String response = out.toString(StandardCharsets.UTF_8);
        if (!response.matches("(?s).*\"statusCode\"\\s*:\\s*200.*")) {
            throw new IllegalStateException("not a 200: " + response);
        }
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
