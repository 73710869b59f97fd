package com.smeplug.integrations.connections;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.smeplug.integrations.erp.SapErp;
import com.smeplug.integrations.erp.SapSettings;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.secrets.SecretBox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Each tenant's own SAP system: saved only after one real authenticated read succeeds with exactly what is saved
 * (base URL, credentials, client), its URLs through the SSRF guard, its credential sealed; read back as the
 * {@link SapSettings} the SAP connector runs with.
 */
public final class SapConnections {

    static final String SYSTEM = "sap";
    static final String SECRET = "sap.credentials";
    private static final Logger log = LoggerFactory.getLogger(SapConnections.class);
    private static final Pattern ORG_UNIT = Pattern.compile("[A-Za-z0-9]{1,4}");
    private static final Pattern SAP_CLIENT = Pattern.compile("\\d{3}");
    private static final Pattern NAME = Pattern.compile("[\\x21-\\x7e]{1,128}");

    /** {@code PUT /integrations/sap}. */
    record Request(String baseUrl, Auth auth, String sapClient, String companyCode, String plant) {
    }

    /** {@code type}: oauth_client_credentials (token_url, client_id, client_secret) or basic (username, password). */
    record Auth(String type, String tokenUrl, String clientId, String clientSecret, String username, String password) {

        @Override
        public String toString() {
            return "Auth[type=" + type + "]";
        }
    }

    private final ConnectionStore store;
    private final SecretBox secrets;
    private final OutboundUrls urls;
    private final UpstreamHttp http;
    private final Clock clock;

    SapConnections(ConnectionStore store, SecretBox secrets, OutboundUrls urls, UpstreamHttp http, Clock clock) {
        this.store = store;
        this.secrets = secrets;
        this.urls = urls;
        this.http = http;
        this.clock = clock;
    }

    Map<String, Object> save(String tenantId, String startedBy, Request request) {
        if (request.auth() == null || request.auth().type() == null) {
            throw ApiException.invalid("auth.type is required: oauth_client_credentials or basic");
        }
        String baseUrl = urls.check("base_url", request.baseUrl());
        String plant = orgUnit("plant", request.plant());
        String companyCode = orgUnit("company_code", request.companyCode());
        String sapClient = request.sapClient();
        if (sapClient != null && !SAP_CLIENT.matcher(sapClient).matches()) {
            throw ApiException.invalid("sap_client must be three digits");
        }
        Auth auth = request.auth();
        Map<String, String> details = new LinkedHashMap<>();
        details.put("base_url", baseUrl);
        details.put("plant", plant);
        details.put("company_code", companyCode);
        if (sapClient != null) {
            details.put("sap_client", sapClient);
        }
        Map<String, String> secret = new LinkedHashMap<>();
        switch (auth.type()) {
            case "oauth_client_credentials" -> {
                details.put("auth_type", "oauth_client_credentials");
                details.put("token_url", urls.check("auth.token_url", auth.tokenUrl()));
                details.put("client_id", name("auth.client_id", auth.clientId()));
                details.put("connected_as", "client " + auth.clientId());
                secret.put("client_secret", required("auth.client_secret", auth.clientSecret()));
            }
            case "basic" -> {
                details.put("auth_type", "basic");
                details.put("username", name("auth.username", auth.username()));
                details.put("connected_as", auth.username());
                secret.put("password", required("auth.password", auth.password()));
            }
            default -> throw ApiException.invalid("auth.type must be oauth_client_credentials or basic");
        }
        if (startedBy != null) {
            details.put("connected_by", startedBy);
        }
        SapSettings settings = settings(details, secret);
        try {
            new SapErp(settings, http, clock).probe();
        }
        catch (UpstreamFailure failure) {
            log.info("tenant {} SAP validation failed: HTTP {}", tenantId, failure.status());
            String sap = failure.upstreamMessage();
            throw new ApiException(422, "sap_validation_failed", "SAP did not accept the connection: "
                    + (sap == null || sap.isBlank() ? failure.getMessage() : "HTTP " + failure.status() + " " + sap));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Connection connection = new Connection(tenantId, SYSTEM, Connection.Status.CONNECTED, Map.copyOf(details),
                secrets.seal(tenantId, SECRET, Json.write(secret)), now, null, null);
        store.put(connection);
        log.info("tenant {} connected SAP at {}", tenantId, baseUrl);
        return view(connection);
    }

    ConnectionHealth health() {
        return new ConnectionHealth(store);
    }

    Optional<Connection> find(String tenantId) {
        return store.find(tenantId, SYSTEM);
    }

    boolean delete(String tenantId) {
        if (store.find(tenantId, SYSTEM).isEmpty()) {
            return false;
        }
        store.delete(tenantId, SYSTEM);
        return true;
    }

    /** What the connector runs with; the URLs are checked again (a host may resolve elsewhere since it was saved). */
    SapSettings settings(Connection connection) {
        try {
            urls.check("base_url", connection.detail("base_url"));
            if (connection.detail("token_url") != null) {
                urls.check("auth.token_url", connection.detail("token_url"));
            }
        }
        catch (ApiException e) {
            throw UpstreamFailure.error("the saved SAP address is no longer acceptable (" + e.getMessage()
                    + "); an admin must save the SAP connection again");
        }
        JsonNode secret = Json.tree(secrets.open(connection.tenantId(), SECRET, connection.sealedSecret()));
        Map<String, String> values = new LinkedHashMap<>();
        secret.properties().forEach(e -> values.put(e.getKey(), e.getValue().asString()));
        return settings(connection.details(), values);
    }

    private static SapSettings settings(Map<String, String> details, Map<String, String> secret) {
        boolean oauth = "oauth_client_credentials".equals(details.get("auth_type"));
        return new SapSettings(details.get("base_url"), oauth ? "oauth" : "basic", details.get("token_url"),
                details.get("client_id"), secret.get("client_secret"), details.get("username"), secret.get("password"),
                details.get("sap_client"), "EN", 500, 50);
    }

    static Map<String, Object> view(Connection connection) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("connector", SYSTEM);
        view.put("status", connection.status().wire());
        view.put("base_url", connection.detail("base_url"));
        view.put("connected_as", connection.detail("connected_as"));
        view.put("plant", connection.detail("plant"));
        view.put("company_code", connection.detail("company_code"));
        view.put("connected_at", connection.connectedAt());
        return view;
    }

    private static String orgUnit(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiException.invalid(field + " is required (1 to 4 letters or digits)");
        }
        if (!ORG_UNIT.matcher(value).matches()) {
            throw ApiException.invalid(field + " must be 1 to 4 letters or digits");
        }
        return value;
    }

    private static String name(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw ApiException.invalid(field + " is required (printable, at most 128 characters)");
        }
        return value;
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > 1024) {
            throw ApiException.invalid(field + " is required");
        }
        return value;
    }
}
