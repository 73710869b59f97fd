package com.smeplug.platform.aws;

import java.net.URI;

import com.smeplug.platform.config.Settings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SDK clients built once per container with everything set explicitly (region, credentials, a lean HTTP client,
 * timeouts), so nothing is discovered on the first request. An endpoint variable points a client at a local
 * protocol server (dynalite, ElasticMQ) and switches to static local credentials.
 */
public final class AwsClients {

    private final Settings settings;
    private final SdkHttpClient httpClient;

    public AwsClients(Settings settings) {
        this.settings = settings;
        this.httpClient = UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.millis("AWS_CONNECT_TIMEOUT_MS", 2_000))
                .socketTimeout(settings.millis("AWS_READ_TIMEOUT_MS", 5_000))
                .build();
    }

    public DynamoDbClient dynamoDb() {
        DynamoDbClientBuilder builder = configure(DynamoDbClient.builder(), settings.get("DYNAMODB_ENDPOINT", null));
        // priming's probe finds the items the stores declare for it (ProbeItems); nothing else is touched
        return builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new ProbeItems()).build()).build();
    }

    public SqsClient sqs() {
        return configure(SqsClient.builder(), settings.get("SQS_ENDPOINT", null)).build();
    }

    /** For clients of features that need their own services (S3, Bedrock): same region, credentials and timeouts. */
    public <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder, String endpoint) {
        builder.region(Region.of(settings.get("AWS_REGION", "us-east-1")))
                .credentialsProvider(credentials(endpoint))
                .httpClient(httpClient)
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(RetryMode.STANDARD)
                        .apiCallAttemptTimeout(settings.millis("AWS_ATTEMPT_TIMEOUT_MS", 3_000))
                        .apiCallTimeout(settings.millis("AWS_CALL_TIMEOUT_MS", 8_000))
                        .build());
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder;
    }

    private static AwsCredentialsProvider credentials(String endpoint) {
        if (endpoint != null) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
        }
        if (System.getenv("AWS_LAMBDA_FUNCTION_NAME") != null) {
            return EnvironmentVariableCredentialsProvider.create();
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
