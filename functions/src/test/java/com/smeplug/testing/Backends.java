package com.smeplug.testing;

import com.smeplug.local.aws.LocalAws;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;

/**
 * Which DynamoDB/SQS the integration suite talks to. By default each test class gets its own dynalite and ElasticMQ.
 * With {@code -Dsmeplug.backend=localstack} (or SMEPLUG_TEST_BACKEND=localstack) the same suite runs against one
 * LocalStack container through Testcontainers — only where a Docker engine is present.
 */
public final class Backends {

    public static final String LOCALSTACK_IMAGE = "localstack/localstack:4.4";

    private static LocalStackContainer localStack;

    private Backends() {
    }

    public static boolean localStackRequested() {
        String value = System.getProperty("smeplug.backend", System.getenv().getOrDefault("SMEPLUG_TEST_BACKEND", "local"));
        return value.equals("localstack");
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static LocalAws start(String prefix) {
        if (!localStackRequested()) {
            return LocalAws.start(prefix);
        }
        String endpoint = localStack().getEndpoint().toString();
        return LocalAws.attach(prefix, endpoint, endpoint);
    }

    public static synchronized LocalStackContainer localStack() {
        if (localStack == null) {
            localStack = new LocalStackContainer(LOCALSTACK_IMAGE).withServices("dynamodb", "sqs");
            localStack.start();
        }
        return localStack;
    }
}
