package com.smeplug.local.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.platform.aws.Table;
import com.smeplug.samples.SampleTenantSeeder;
import com.sun.net.httpserver.HttpExchange;

/**
 * The whole API on one machine: dynalite and ElasticMQ with the template's table and queues, the sample tenants,
 * every function behind the template's routes, and the SQS event sources. Ctrl-C stops everything.
 */
public final class LocalStack implements AutoCloseable {

    public static final String PREFIX = "sme-plug-local";
    public static final int DEFAULT_OIDC_PORT = 9400;

    private final LocalAws aws;
    private final ApiServer api;
    private final Functions functions;
    private final List<AutoCloseable> eventSources;
    private LocalConnections connections;

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
        int oidcPort = Integer.parseInt(env("SMEPLUG_OIDC_PORT", String.valueOf(DEFAULT_OIDC_PORT)));
        // the Stripe CLI's secret (`stripe listen --forward-to localhost:3000/billing/webhook` prints it), else the
        // documented local one that locally signed events use
        LocalStack stack = start(apiPort, dynamoPort, sqsPort, oidcPort,
                Map.of("STRIPE_WEBHOOK_SECRET", env("STRIPE_WEBHOOK_SECRET", LOCAL_WEBHOOK_SECRET)));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        System.out.printf("%nSME-Plug local stack ready: API http://127.0.0.1:%d (%d functions) · DynamoDB-protocol "
                + "(dynalite) http://127.0.0.1:%d · SQS-protocol (ElasticMQ) http://127.0.0.1:%d · OIDC issuer %s · "
                + "sample tenants lawfirm_alpha, hospital_beta, buildco_gamma · token: ./infra/local/token <tenant> "
                + "[admin|member] or --new-user <email> · Ctrl-C stops%n",
                stack.api.port(), stack.functions.count(), dynamoPort, sqsPort, stack.aws.issuer().issuerUrl());
        System.out.println("real connections enabled against local fakes: " + stack.connections.describe());
        Thread.currentThread().join();
    }

    /** Starts everything; {@code overrides} change function variables (tests use them for real-mode endpoints). */
    public static LocalStack start(int apiPort, int dynamoPort, int sqsPort, int oidcPort, Map<String, String> overrides)
            throws IOException {
        LocalAws aws = LocalAws.start(PREFIX, dynamoPort, sqsPort, oidcPort);
        LocalConnections connections = new LocalConnections();
        try {
            apiPort = apiPort == 0 ? com.smeplug.local.aws.FreePort.pick() : apiPort; // the OAuth callback names it
            Map<String, String> variables = new LinkedHashMap<>(aws.functionVariables());
            variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
            variables.putAll(connections.variables(apiPort));
            variables.putAll(overrides);
            variables.forEach(System::setProperty);
            SampleTenantSeeder.seed(new Table(aws.tableName(), aws.dynamoDb()), Clock.systemUTC());
            for (String tenant : SampleTenantSeeder.tenantIds()) {
                for (String role : java.util.List.of("admin", "member")) {
                    var user = SampleTenantSeeder.sampleUser(tenant, role);
                    aws.issuer().registerUser(user.userId(), user.email());
                }
            }
            connections.seed(new Table(aws.tableName(), aws.dynamoDb()), aws.issuer());

            SamTemplate template = aws.template();
            Set<String> definitions = new LinkedHashSet<>();
            template.functions().forEach(f -> definitions.add(f.definition()));
            Functions functions = new Functions();
            functions.startAll(definitions);

            RouteTable routes = new RouteTable(template);
            ApiServer api = new ApiServer("127.0.0.1", apiPort, routes, functions, aws.authorizer(),
                    localEndpoints(aws, functions));
            api.start();
            List<AutoCloseable> eventSources = EventSources.start(aws, template, functions);
            LocalStack stack = new LocalStack(aws, api, functions, eventSources);
            stack.connections = connections;
            return stack;
        }
        catch (RuntimeException | IOException e) {
            connections.close();
            aws.close();
            throw e;
        }
    }

    /**
     * Local-only helpers under {@code /_local/}: a sign-in shortcut for the console (an ID token from the local
     * issuer for a sample tenant's admin), and
     * invoking a function that has no route (e.g. the usage reconciliation) with a raw event.
     */
    private static Map<String, Function<HttpExchange, byte[]>> localEndpoints(LocalAws aws, Functions functions) {
        Map<String, Function<HttpExchange, byte[]>> endpoints = new LinkedHashMap<>();
        endpoints.put("POST /_local/token", exchange -> {
            String tenant = readBody(exchange).replaceAll("[^a-z0-9_-]", "");
            String token = LocalToken.sampleUserToken(aws.issuer(), tenant, "admin");
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

    /** The local fake SAP OData service (for saving a tenant's SAP connection locally). */
    public String fakeSapUrl() {
        return connections.sapBaseUrl();
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
        if (connections != null) {
            connections.close();
        }
        aws.close();
    }
}
