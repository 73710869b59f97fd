package com.smeplug.local.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.local.aws.OidcIssuer;
import com.smeplug.samples.SampleTenantSeeder;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./infra/local/token <tenant> [admin|member]}: an ID token from the running local stack's OIDC issuer for a
 * sample tenant's or the demo tenant's user (admin by default); {@code ./infra/local/token --new-user <email>}: for a signed-in user who
 * belongs to no tenant yet (the same email always gets the same {@code sub}). The token is the last line printed.
 */
public final class LocalToken {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LocalToken() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> user = userFor(args);
        if (user == null) {
            System.err.println("usage: ./infra/local/token <tenant> [admin|member]   (tenants: "
                    + String.join(", ", tenants()) + ")\n"
                    + "       ./infra/local/token --new-user <email>");
            System.exit(2);
            return;
        }
        String issuer = System.getenv().getOrDefault("SMEPLUG_OIDC_URL", "http://127.0.0.1:" + LocalStack.DEFAULT_OIDC_PORT);
        try {
            String token = fetch(issuer, (String) user.get("sub"), (String) user.get("email"));
            System.err.println("user " + user.get("sub") + " <" + user.get("email") + ">");
            System.out.println(token);
        }
        catch (java.io.IOException e) {
            System.err.println("no local OIDC issuer at " + issuer + ": start the stack with ./infra/local/run (" + e + ")");
            System.exit(1);
        }
        catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        }
    }

    /**
     * The user the arguments name: a new user by email, or a sample tenant's admin or member; null when they name
     * neither (an unknown tenant or role would otherwise sign a token for a user no tenant has).
     */
    static Map<String, Object> userFor(String... args) {
        if (args.length == 2 && args[0].equals("--new-user") && args[1].contains("@")) {
            return user(newUserId(args[1]), args[1].toLowerCase(Locale.ROOT));
        }
        if (args.length < 1 || args.length > 2 || !tenants().contains(args[0])) {
            return null;
        }
        String role = args.length == 2 ? args[1] : "admin";
        if (!role.equals("admin") && !role.equals("member")) {
            return null;
        }
        var sample = SampleTenantSeeder.sampleUser(args[0], role);
        return user(sample.userId(), sample.email());
    }

    /** The tenants the local stack seeds users for: the sample tenants and the demo tenant without sample data. */
    static List<String> tenants() {
        List<String> tenants = new ArrayList<>(SampleTenantSeeder.tenantIds());
        tenants.add(LocalConnections.DEMO_TENANT);
        return tenants;
    }

    /** Signs in at the running issuer's local shortcut and returns the ID token. */
    static String fetch(String issuer, String subject, String email) throws java.io.IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/local/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(user(subject, email)))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the local issuer refused: " + response.body());
        }
        return JSON.readTree(response.body()).path("id_token").asString();
    }

    /** In-process: the same token for a sample tenant's user, signed by {@code issuer}. */
    public static String sampleUserToken(OidcIssuer issuer, String tenant, String role) {
        var sample = SampleTenantSeeder.sampleUser(tenant, role);
        return issuer.idToken(sample.userId(), sample.email());
    }

    static String newUserId(String email) {
        return OidcIssuer.subjectFor(email);
    }

    private static Map<String, Object> user(String subject, String email) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("sub", subject);
        user.put("email", email);
        return user;
    }
}
