package com.smeplug.platform.lambda;

import java.nio.charset.StandardCharsets;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context handed to priming requests: there is no invocation, so it names itself and has no deadline. */
final class PrimingContext implements Context {

    private static final String NAME = "snapstart-priming";

    @Override
    public String getAwsRequestId() {
        return NAME;
    }

    @Override
    public String getLogGroupName() {
        return NAME;
    }

    @Override
    public String getLogStreamName() {
        return NAME;
    }

    @Override
    public String getFunctionName() {
        return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_NAME", NAME);
    }

    @Override
    public String getFunctionVersion() {
        return System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_VERSION", NAME);
    }

    @Override
    public String getInvokedFunctionArn() {
        return NAME;
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
        return Integer.MAX_VALUE;
    }

    @Override
    public int getMemoryLimitInMB() {
        return Integer.parseInt(System.getenv().getOrDefault("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "0"));
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
