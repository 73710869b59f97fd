package com.smeplug.local.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.platform.auth.DevTokens;
import com.smeplug.platform.aws.Table;
import com.smeplug.samples.SampleTenantSeeder;
import com.sun.net.httpserver.HttpExchange;

/**
 * The whole API on one machine: dynalite and ElasticMQ with the template's table and queues, the sample tenants,
 * every function behind the template's routes, and the SQS event sources. Ctrl-C stops everything.
 */
public final class LocalStack implements AutoCloseable {

    public static final String PREFIX = "sme-plug-local";

    private final LocalAws aws;
    private final ApiServer api;
    private final Functions functions;
    private final List<AutoCloseable> eventSources;

    private LocalStack(LocalAws aws, ApiServer api, Functions functions, List<AutoCloseable> eventSources) {
        this.aws = aws;
        this.api = api;
        this.functions = functions;
        this.eventSources = eventSources;
    }

    /** The local stack's webhook signing secret when STRIPE_WEBHOOK_SECRET is not set: for local use only. */
    public static final String LOCAL_WEBHOOK_SECRET = "whsec_local_test_secret_not_for_production";

    public static void main(String[] args) throws Exception {
        int apiPort = Integer.parseInt(env("SMEPLUG_API_PORT", "3000"));
        int dynamoPort = Integer.parseInt(env("SMEPLUG_DYNAMODB_PORT", "8000"));
        int sqsPort = Integer.parseInt(env("SMEPLUG_SQS_PORT", "9324"));
        // the Stripe CLI's secret (`stripe listen --forward-to localhost:3000/billing/webhook` prints it), else the
        // documented local one that locally signed events use
        LocalStack stack = start(apiPort, dynamoPort, sqsPort,
                Map.of("STRIPE_WEBHOOK_SECRET", env("STRIPE_WEBHOOK_SECRET", LOCAL_WEBHOOK_SECRET)));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        System.out.printf("%nSME-Plug local stack ready: API http://127.0.0.1:%d (%d functions) · DynamoDB-protocol "
                + "(dynalite) http://127.0.0.1:%d · SQS-protocol (ElasticMQ) http://127.0.0.1:%d · sample tenants "
                + "lawfirm_alpha, hospital_beta, buildco_gamma · token: ./infra/local/token <tenant> · Ctrl-C stops%n",
                stack.api.port(), stack.functions.count(), dynamoPort, sqsPort);
        Thread.currentThread().join();
    }

    /** Starts everything; {@code overrides} change function variables (tests use them for real-mode endpoints). */
    public static LocalStack start(int apiPort, int dynamoPort, int sqsPort, Map<String, String> overrides)
            throws IOException {
        LocalAws aws = LocalAws.start(PREFIX, dynamoPort, sqsPort);
        try {
            Map<String, String> variables = new LinkedHashMap<>(aws.functionVariables());
            variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
            variables.putAll(overrides);
            variables.forEach(System::setProperty);
            SampleTenantSeeder.seed(new Table(aws.tableName(), aws.dynamoDb()), Clock.systemUTC());

            SamTemplate template = aws.template();
            Set<String> definitions = new LinkedHashSet<>();
            template.functions().forEach(f -> definitions.add(f.definition()));
            Functions functions = new Functions();
            functions.startAll(definitions);

            RouteTable routes = new RouteTable(template);
            ApiServer api = new ApiServer("127.0.0.1", apiPort, routes, functions, localEndpoints(functions));
            api.start();
            List<AutoCloseable> eventSources = EventSources.start(aws, template, functions);
            return new LocalStack(aws, api, functions, eventSources);
        }
        catch (RuntimeException | IOException e) {
            aws.close();
            throw e;
        }
    }

    /**
     * Local-only helpers under {@code /_local/}: a dev sign-in for the console (a token for a sample tenant), and
     * invoking a function that has no route (e.g. the usage reconciliation) with a raw event.
     */
    private static Map<String, Function<HttpExchange, byte[]>> localEndpoints(Functions functions) {
        Map<String, Function<HttpExchange, byte[]>> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /_local/token", exchange -> {
            String tenant = readBody(exchange).replaceAll("[^a-z0-9_-]", "");
            String token = DevTokens.mint(LocalAws.DEV_JWT_SECRET, "tenant_id", tenant, Duration.ofHours(8));
            return ("{\"token\":\"" + token + "\",\"tenant_id\":\"" + tenant + "\"}").getBytes(StandardCharsets.UTF_8);
        });
        endpoints.put("POST /_local/invoke", exchange -> {
            String definition = exchange.getRequestURI().getQuery() == null ? ""
                    : exchange.getRequestURI().getQuery().replaceFirst("^function=", "");
            return functions.invoke(definition, readBody(exchange)).getBytes(StandardCharsets.UTF_8);
        });
        return endpoints;
    }

    private static String readBody(HttpExchange exchange) {
        try {
            return new String(exchange.getRequestBody().readNBytes(1_000_000), StandardCharsets.UTF_8).trim();
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int apiPort() {
        return api.port();
    }

    public LocalAws aws() {
        return aws;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    @Override
    public void close() {
        for (AutoCloseable source : eventSources) {
            try {
                source.close();
            }
            catch (Exception e) {
                System.err.println("stopping an event source: " + e);
            }
        }
        api.close();
        aws.close();
    }
}
