package com.smeplug.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.JwtAuthorizer;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.lambda.PrimingFunctionInvoker;
import com.smeplug.platform.lambda.SyntheticLambdaContext;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.samples.SampleTenantSeeder;
import tools.jackson.databind.JsonNode;

/**
 * One test class's world: its own dynalite and ElasticMQ (free ports, own table and queues from template.yaml), the
 * sample tenants seeded, and functions started through the real Lambda entry point ({@link PrimingFunctionInvoker}).
 * Function variables are system properties, so test classes run one after another (surefire's default).
 */
public final class TestStack implements AutoCloseable {

    private final LocalAws aws;
    private final Map<String, String> variables;
    private final Map<String, PrimingFunctionInvoker> invokers = new ConcurrentHashMap<>();
    private final Map<String, String> previous = new HashMap<>();

    private TestStack(LocalAws aws, Map<String, String> variables) {
        this.aws = aws;
        this.variables = variables;
    }

    public static TestStack start(String name) {
        return start(name, Map.of());
    }

    /** {@code overrides} are extra or changed function variables (e.g. a small quota, a real-mode endpoint). */
    public static TestStack start(String name, Map<String, String> overrides) {
        LocalAws aws = Backends.start(name.replaceAll("[^A-Za-z0-9-]", "-").toLowerCase());
        Map<String, String> variables = new HashMap<>(aws.functionVariables());
        variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
        variables.putAll(overrides);
        TestStack stack = new TestStack(aws, variables);
        stack.applyVariables();
        SampleTenantSeeder.seed(stack.table(), Clock.systemUTC());
        return stack;
    }

    public void applyVariables() {
        variables.forEach(this::setProperty);
    }

    /** Changes a variable for functions started from now on. */
    public void set(String name, String value) {
        variables.put(name, value);
        setProperty(name, value);
    }

    /** Remembers the value from before this stack (null too: HashMap.putIfAbsent treats null as absent). */
    private void setProperty(String name, String value) {
        String before = System.setProperty(name, value);
        if (!previous.containsKey(name)) {
            previous.put(name, before);
        }
    }

    public LocalAws aws() {
        return aws;
    }

    public Table table() {
        return new Table(aws.tableName(), aws.dynamoDb());
    }

    public String variable(String name) {
        return variables.get(name);
    }

    /** An ID token from the stack's OIDC issuer for the sample admin of {@code tenant}. */
    public String token(String tenant) {
        return token(tenant, "admin");
    }

    /**
     * An ID token from the stack's OIDC issuer for the sample user of {@code tenant} with {@code role}. For a tenant a
     * test registered itself, that user is made a member first (the sample tenants have theirs from the seeder).
     */
    public String token(String tenant, String role) {
        var user = SampleTenantSeeder.sampleUser(tenant, role);
        if (!SampleTenantSeeder.tenantIds().contains(tenant)) {
            new MembershipStore(table(), Clock.systemUTC()).join(new Membership(user.userId(), tenant,
                    Role.valueOf(role.toUpperCase(java.util.Locale.ROOT)), user.email()));
        }
        return userToken(user.userId(), user.email());
    }

    /** Registers tenants without sample data, each named by its id; {@link #token} makes their users members. */
    public void registerTenants(java.util.List<String> tenantIds) {
        TenantStore tenants = new TenantStore(table(), Clock.systemUTC());
        tenantIds.forEach(id -> tenants.put(new Tenant(id, id, false, Map.of())));
    }

    /** An ID token for any user (a new user in no tenant, an invitee...), with a verified email. */
    public String userToken(String userId, String email) {
        return aws.issuer().idToken(userId, email);
    }

    public PrimingFunctionInvoker invoker(String definition) {
        return invokers.computeIfAbsent(definition, d -> {
            applyVariables();
            return new PrimingFunctionInvoker(d);
        });
    }

    /** Feeds raw event JSON through the Lambda entry point and returns the raw JSON the runtime would send back. */
    public String invokeRaw(String definition, String eventJson) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            invoker(definition).handleRequest(new ByteArrayInputStream(eventJson.getBytes(StandardCharsets.UTF_8)), out,
                    SyntheticLambdaContext.invocation(definition));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /**
     * Sends {@code event} as API Gateway would: on a route with the JWT authorizer, the token is verified first (a
     * refused one is API Gateway's own 401, the function never runs) and its claims reach the function.
     */
    public HttpResult invoke(String definition, ApiEvent event) {
        if (!openRoutes().contains(definition) && !aws.authorizer().authorize(event)) {
            return HttpResult.parse(Json.write(Map.of("statusCode", 401, "headers", Map.of("content-type", "application/json"),
                    "body", JwtAuthorizer.UNAUTHORIZED_BODY)));
        }
        return HttpResult.parse(invokeRaw(definition, event.toJson()));
    }

    /** Functions whose routes all have {@code Authorizer: NONE} in template.yaml. */
    private java.util.Set<String> openRoutes() {
        java.util.Set<String> open = new java.util.HashSet<>();
        aws.template().functions().stream()
                .filter(f -> !f.routes().isEmpty() && f.routes().stream().allMatch(SamTemplate.HttpRoute::open))
                .forEach(f -> open.add(f.definition()));
        return open;
    }

    public JsonNode invokeJson(String definition, String eventJson) {
        return Json.tree(invokeRaw(definition, eventJson));
    }

    /** Stops the servers and puts every system property back, so the next test class starts from a clean slate. */
    @Override
    public void close() {
        aws.close();
        previous.forEach((name, before) -> {
            if (before == null) {
                System.clearProperty(name);
            }
            else {
                System.setProperty(name, before);
            }
        });
    }
}
