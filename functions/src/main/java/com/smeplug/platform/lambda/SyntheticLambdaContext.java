package com.smeplug.platform.lambda;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context of an invocation the Lambda runtime did not make: SnapStart priming, the local server, tests,
 * benchmarks. Spring Cloud Function's invoker warns on every call without one.
 */
public final class SyntheticLambdaContext implements Context {

    /** API Gateway's limit, which every HTTP function's Timeout stays within. */
    private static final long INVOCATION_BUDGET_MILLIS = 29_000;

    private final String functionName;
    private final String requestId;
    private final long deadline;

    private SyntheticLambdaContext(String functionName, String requestId, long deadline) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.deadline = deadline;
    }

    /** One invocation of {@code functionName}: a fresh request id and API Gateway's 29 s budget. */
    public static SyntheticLambdaContext invocation(String functionName) {
        return new SyntheticLambdaContext(functionName, UUID.randomUUID().toString(),
                System.currentTimeMillis() + INVOCATION_BUDGET_MILLIS);
    }

    /** Priming before a snapshot: no request and no deadline; the function as Lambda names it, where it does. */
    static SyntheticLambdaContext priming() {
        return new SyntheticLambdaContext(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "snapstart-priming"),
                "snapstart-priming", Long.MAX_VALUE);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "synthetic";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:local:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, deadline - System.currentTimeMillis()));
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024"));
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                System.out.println(message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
