package com.smeplug.local.aws;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The local AWS of one test class or of the local stack: its own dynalite and ElasticMQ on free ports, with the
 * table and queues created from {@code template.yaml}, and the variables that point the functions at them.
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";

    private final SamTemplate template;
    private final String prefix;
    private DynaliteServer dynalite;
    private ElasticMqServer elasticMq;
    private String dynamoEndpoint;
    private String sqsEndpoint;
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private OidcIssuer issuer;
    private JwtAuthorizer authorizer;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();
    private final String connectionsKey = randomKey();

    private LocalAws(SamTemplate template, String prefix) {
        this.template = template;
        this.prefix = prefix;
    }

    /** Starts both servers and creates every resource; {@code prefix} keeps names unique per user of this instance. */
    public static LocalAws start(String prefix) {
        return start(prefix, 0, 0, 0);
    }

    /** Port 0: a free one. */
    public static LocalAws start(String prefix, int dynamoPort, int sqsPort, int oidcPort) {
        LocalAws local = new LocalAws(SamTemplate.load(), prefix);
        local.startIssuer(oidcPort);
        local.dynalite = dynamoPort == 0 ? DynaliteServer.start() : DynaliteServer.start(dynamoPort);
        local.elasticMq = sqsPort == 0 ? ElasticMqServer.start() : ElasticMqServer.start(sqsPort);
        return local.connect(local.dynalite.endpoint(), local.elasticMq.endpoint());
    }

    /**
     * Uses DynamoDB- and SQS-protocol servers that run elsewhere (e.g. LocalStack in a container): creates the same
     * table and queues there, under {@code prefix}.
     */
    public static LocalAws attach(String prefix, String dynamoEndpoint, String sqsEndpoint) {
        LocalAws local = new LocalAws(SamTemplate.load(), prefix);
        local.startIssuer(0);
        return local.connect(dynamoEndpoint, sqsEndpoint);
    }

    /** The identity provider (a Cognito user pool deployed), and API Gateway's JWT authorizer configured for it. */
    private void startIssuer(int port) {
        issuer = OidcIssuer.start(port);
        authorizer = new JwtAuthorizer(issuer.issuerUrl(), List.of(OidcIssuer.AUDIENCE));
    }

    public OidcIssuer issuer() {
        return issuer;
    }

    public JwtAuthorizer authorizer() {
        return authorizer;
    }

    private LocalAws connect(String dynamoEndpoint, String sqsEndpoint) {
        this.dynamoEndpoint = dynamoEndpoint;
        this.sqsEndpoint = sqsEndpoint;
        try {
            dynamoDb = dynamoDbClient(dynamoEndpoint);
            sqs = sqsClient(sqsEndpoint);
            createTable();
            createQueues();
            return this;
        }
        catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String tableName() {
        return tableName(prefix);
    }

    /** The table a LocalAws started with {@code prefix} creates (infra/local/sam-env.json names the local stack's). */
    public static String tableName(String prefix) {
        return prefix + "-table";
    }

    /** The queue a LocalAws started with {@code prefix} creates for the template's queue {@code logicalId}. */
    public static String queueName(String prefix, String logicalId) {
        return prefix + "-" + logicalId;
    }

    public String queueUrl(String logicalId) {
        String url = queueUrls.get(logicalId);
        if (url == null) {
            throw new IllegalArgumentException("no queue " + logicalId + " in template.yaml");
        }
        return url;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynaliteServer dynalite() {
        return dynalite;
    }

    public ElasticMqServer elasticMq() {
        return elasticMq;
    }

    public SamTemplate template() {
        return template;
    }

    /**
     * The variables every function gets locally: the template's own (references resolved to the local resources,
     * parameters to their defaults, so every {@code USE_REAL_*} is off), plus local endpoints; tokens are verified
     * before the function as API Gateway does (see {@link JwtAuthorizer}), so functions run in {@code AUTH_MODE=gateway}.
     */
    public Map<String, String> functionVariables() {
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, Object> parameters = SamTemplate.map(template.resourcesRoot().get("Parameters"));
        List<Map<String, Object>> sources = new ArrayList<>();
        sources.add(template.globalVariables());
        template.functions().forEach(f -> sources.add(f.variables()));
        for (Map<String, Object> source : sources) {
            source.forEach((name, value) -> {
                if (name.equals("SPRING_CLOUD_FUNCTION_DEFINITION") || name.equals("JAVA_TOOL_OPTIONS")) {
                    return;
                }
                String resolved = resolve(value, parameters);
                if (resolved != null) {
                    variables.putIfAbsent(name, resolved);
                }
            });
        }
        variables.put("AWS_REGION", REGION);
        variables.put("DYNAMODB_ENDPOINT", dynamoEndpoint);
        variables.put("SQS_ENDPOINT", sqsEndpoint);
        variables.put("AUTH_MODE", "gateway");
        variables.put("CONSOLE_SIGN_IN", "local");
        variables.put("CONSOLE_LOGIN_URL", issuer.authorizeUrl());
        variables.put("CONSOLE_OIDC_CLIENT", OidcIssuer.AUDIENCE);
        // connection secrets are sealed under a key generated for this local AWS (deployed: the template's KMS key)
        variables.put("CONNECTIONS_LOCAL_KEY", connectionsKey);
        return variables;
    }

    private String resolve(Object value, Map<String, Object> parameters) {
        if (value instanceof String s) {
            return s.startsWith("{{resolve:") ? null : s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Map<?, ?> tag && tag.get("Ref") != null) {
            String ref = tag.get("Ref").toString();
            if (ref.equals("Table")) {
                return tableName();
            }
            if (queueUrls.containsKey(ref)) {
                return queueUrls.get(ref);
            }
            Object parameter = SamTemplate.map(parameters.get(ref)).get("Default");
            return parameter == null ? null : parameter.toString();
        }
        return null;
    }

    private void createTable() {
        Map<String, Object> properties = template.tableProperties();
        List<AttributeDefinition> attributes = new ArrayList<>();
        for (Object a : (List<?>) properties.get("AttributeDefinitions")) {
            Map<String, Object> attribute = SamTemplate.map(a);
            attributes.add(AttributeDefinition.builder().attributeName(attribute.get("AttributeName").toString())
                    .attributeType(attribute.get("AttributeType").toString()).build());
        }
        List<KeySchemaElement> keys = new ArrayList<>();
        for (Object k : (List<?>) properties.get("KeySchema")) {
            Map<String, Object> key = SamTemplate.map(k);
            keys.add(KeySchemaElement.builder().attributeName(key.get("AttributeName").toString())
                    .keyType(key.get("KeyType").toString()).build());
        }
        dynamoDb.createTable(CreateTableRequest.builder().tableName(tableName()).attributeDefinitions(attributes)
                .keySchema(keys).billingMode(BillingMode.PAY_PER_REQUEST).build());
        // dynalite keeps a new table CREATING for a while; TTL is declared in the template only (dynalite has no
        // UpdateTimeToLive and never expires items).
        // The SDK's default waiter polls every 20 s; a local table is ready within milliseconds.
        try (var waiter = software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter.builder().client(dynamoDb)
                .overrideConfiguration(o -> o.maxAttempts(200).backoffStrategy(
                        software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy.create(Duration.ofMillis(50))))
                .build()) {
            waiter.waitUntilTableExists(b -> b.tableName(tableName()));
        }
    }

    private void createQueues() {
        // Dead-letter queues first, so the queues that redrive into them can name their ARN.
        List<SamTemplate.QueueSpec> queues = new ArrayList<>(template.queues());
        queues.sort((a, b) -> Boolean.compare(a.deadLetterQueue() != null, b.deadLetterQueue() != null));
        for (SamTemplate.QueueSpec queue : queues) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            if (queue.visibilityTimeout() != null) {
                attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, queue.visibilityTimeout().toString());
            }
            if (queue.deadLetterQueue() != null) {
                String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(queue.deadLetterQueue()))
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + queue.maxReceiveCount() + "\"}");
            }
            String url = sqs.createQueue(b -> b.queueName(queueName(prefix, queue.logicalId())).attributes(attributes)).queueUrl();
            queueUrls.put(queue.logicalId(), url);
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    public static DynamoDbClient dynamoDbClient(String endpoint) {
        return DynamoDbClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build())
                .build();
    }

    public static SqsClient sqsClient(String endpoint) {
        return SqsClient.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(25)).build())
                .build();
    }

    @Override
    public void close() {
        if (issuer != null) {
            issuer.close();
        }
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (elasticMq != null) {
            elasticMq.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
