package com.smeplug.integrations.crm;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.smeplug.integrations.connector.CrmConnector;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.upstream.TokenCache.AccessToken;
import com.smeplug.integrations.upstream.TokenCache;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's Salesforce Account and its open Cases through the REST API: an OAuth 2.0 token (client credentials, or
 * username-password) kept until it expires and fetched again once when Salesforce answers 401, then SOQL through
 * {@code /services/data/<version>/query}, following {@code nextRecordsUrl}. The tenant's Account id comes from its
 * profile ({@code connections.salesforce_account_id}).
 */
public final class SalesforceCrm implements CrmConnector {

    private static final Logger log = LoggerFactory.getLogger(SalesforceCrm.class);
    private static final String SYSTEM = "Salesforce";

    private final SalesforceSettings settings;
    private final UpstreamHttp http;
    private final TokenCache tokens;
    private final Clock clock;
    private final SalesforceReader reader;

    public SalesforceCrm(SalesforceSettings settings, UpstreamHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.tokens = new TokenCache(this::requestToken, clock);
        this.reader = new SalesforceReader(http, tokens, settings.apiVersion(), settings.maxCases());
    }

    @Override
    public String source() {
        return "salesforce";
    }

    @Override
    public String reference(Tenant tenant) {
        String accountId = tenant.connection("salesforce_account_id");
        if (accountId == null || accountId.isBlank()) {
            throw ApiException.notFound("not_connected",
                    "this tenant has no Salesforce account configured (connections.salesforce_account_id)");
        }
        if (!SalesforceReader.RECORD_ID.matcher(accountId).matches()) {
            throw ApiException.notFound("not_connected", "this tenant's Salesforce account id is not a valid record id");
        }
        return accountId;
    }

    @Override
    public CrmRecords fetch(Tenant tenant) {
        return reader.account(http.call(), reference(tenant));
    }

    // --- OAuth 2.0 -------------------------------------------------------------------------------------------------

    private AccessToken requestToken(UpstreamHttp.Call call) {
        Map<String, String> form = new LinkedHashMap<>();
        if (settings.username() == null) {
            form.put("grant_type", "client_credentials");
        }
        else {
            form.put("grant_type", "password");
            form.put("username", settings.username());
            form.put("password", settings.password());
        }
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        HttpResponse<byte[]> response = call.send(HttpRequest.newBuilder(URI.create(settings.loginUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))));
        if (response.statusCode() / 100 != 2) {
            String error = http.jsonOrMissing(response).path("error").asString("");
            log.warn("Salesforce refused the token request: HTTP {} {}", response.statusCode(), error);
            throw UpstreamFailure.error(SYSTEM + " refused the token request (HTTP " + response.statusCode()
                    + (error.matches("[a-z_]{1,64}") ? ", " + error : "") + ")");
        }
        JsonNode body = http.json(response, "token response");
        String accessToken = body.path("access_token").asString(null);
        String instanceUrl = body.path("instance_url").asString(null);
        if (accessToken == null || accessToken.isBlank() || instanceUrl == null || !instanceUrl.matches("https?://[^/?#]+/?")) {
            throw UpstreamFailure.error(SYSTEM + " sent a token response without access_token or instance_url");
        }
        Duration lifetime = body.path("expires_in").isNumber() ? Duration.ofSeconds(body.path("expires_in").asLong())
                : settings.tokenTtl();
        return new AccessToken(accessToken, SalesforceSettings.stripTrailingSlash(instanceUrl),
                clock.instant().plus(lifetime));
    }

    private static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

}
