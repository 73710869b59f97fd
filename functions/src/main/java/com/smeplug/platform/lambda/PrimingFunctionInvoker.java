package com.smeplug.platform.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.amazonaws.services.lambda.runtime.Context;
import com.smeplug.platform.http.Json;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The Lambda handler of every function: Spring Cloud Function's {@link FunctionInvoker}, plus SnapStart priming.
 * Before the snapshot is taken it answers the function's own {@linkplain ProbeEvents probe requests} through
 * {@link #handleRequest} — the same path a real request takes: event parsing, the function catalogue's wrapper and
 * output conversion, authentication, the membership read and, on routes that declare a probe, the endpoint's
 * "tenant found" path with its DynamoDB reads (each read goes to the table and finds, through the SDK's own
 * unmarshalling, the item the store declared for the probe; its writes are skipped: see {@code platform/auth/Probe})
 * and the JSON response — often enough that the JIT has compiled it, so the first request after a restore runs warm
 * code instead of loading and interpreting it.
 *
 * <p>Every log event of an invocation carries {@code aws_request_id}, {@code function} and {@code cold_start} (true
 * for the first invocation this instance answers after start-up or after a SnapStart restore; priming is not an
 * invocation).
 */
public class PrimingFunctionInvoker extends FunctionInvoker implements Resource {

    /**
     * First request after priming, GET /plugs, medians of 7 local runs: 1 pass 24 ms, 250 passes 34 ms (the JIT is
     * still busy with what priming queued), 500 passes 19 ms, 1,000 passes 14 ms, 2,000 passes 18 ms. 1,000 passes
     * take 7-10 s locally, well inside the 130 s Lambda gives initialization plus before-snapshot hooks.
     */
    static final int PRIMING_PASSES = 1_000;

    /**
     * Priming stops after this long even if passes remain: chat's three probe questions take ~40 ms a pass warm, and
     * Lambda allows initialization plus the before-snapshot hooks 130 s in all.
     */
    static final Duration PRIMING_BUDGET = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(PrimingFunctionInvoker.class);

    private final AtomicBoolean coldStart = new AtomicBoolean(true);

    public PrimingFunctionInvoker() {
        super();
        Core.getGlobalContext().register(this);
    }

    public PrimingFunctionInvoker(String functionDefinition) {
        super(functionDefinition);
        Core.getGlobalContext().register(this);
    }

    /** What runs before the snapshot: {@link #PRIMING_PASSES} passes, or fewer if {@link #PRIMING_BUDGET} runs out. */
    public Map<Integer, Integer> prime() {
        return prime(PRIMING_PASSES, PRIMING_BUDGET);
    }

    /** {@code passes} times each probe request (training and tests, which ask for few passes and want them all). */
    public Map<Integer, Integer> prime(int passes) {
        return prime(passes, Duration.ofHours(1));
    }

    /**
     * Up to {@code passes} times, each {@linkplain ProbeEvents probe request} of this function, starting no pass after
     * {@code budget} has elapsed. Returns how many answers of each HTTP status the probes got.
     */
    Map<Integer, Integer> prime(int passes, Duration budget) {
        List<byte[]> events = ProbeEvents.all();
        Context context = SyntheticLambdaContext.priming();
        Map<Integer, Integer> statuses = new TreeMap<>();
        long deadline = System.nanoTime() + budget.toNanos();
        for (int pass = 0; pass < passes && System.nanoTime() - deadline < 0; pass++) {
            for (byte[] event : events) {
                statuses.merge(answer(event, context), 1, Integer::sum);
            }
        }
        return statuses;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        MDC.put("aws_request_id", context.getAwsRequestId());
        MDC.put("function", context.getFunctionName());
        MDC.put("cold_start", String.valueOf(coldStart.getAndSet(false)));
        try {
            super.handleRequest(input, output, context);
        }
        finally {
            MDC.remove("aws_request_id");
            MDC.remove("function");
            MDC.remove("cold_start");
        }
    }

    private int answer(byte[] event, Context context) {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        try {
            super.handleRequest(new ByteArrayInputStream(event), response, context);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.EVENTS.readTree(response.toByteArray()).path("statusCode").asInt();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        try {
            log.info("primed before the snapshot; answers by status: {}", prime());
        }
        catch (RuntimeException e) {
            log.warn("priming failed; the first requests after a restore will warm the path instead", e);
        }
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: SDK clients open connections on demand and credentials come from the restored environment.
        // The first invocation of a restored snapshot is this instance's cold start.
        coldStart.set(true);
    }
}
