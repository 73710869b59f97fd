package com.smeplug.integrations.crm;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.smeplug.integrations.CrmConnector;
import com.smeplug.integrations.CrmRecords;
import com.smeplug.integrations.SalesforceView;
import com.smeplug.integrations.upstream.TokenCache;
import com.smeplug.integrations.upstream.TokenCache.AccessToken;
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
    private static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15,18}");
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    /** Pages of at most 200 records (the smallest batch Salesforce allows), so a large result really is paged. */
    private static final String QUERY_OPTIONS = "batchSize=200";
    private static final int MAX_PAGES = 50;

    private final SalesforceSettings settings;
    private final UpstreamHttp http;
    private final TokenCache tokens;
    private final Clock clock;

    public SalesforceCrm(SalesforceSettings settings, UpstreamHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.tokens = new TokenCache(this::requestToken, clock);
    }

    @Override
    public String source() {
        return "salesforce";
    }

    @Override
    public boolean mockMode() {
        return false;
    }

    @Override
    public String reference(Tenant tenant) {
        String accountId = tenant.connection("salesforce_account_id");
        if (accountId == null || accountId.isBlank()) {
            throw ApiException.notFound("not_connected",
                    "this tenant has no Salesforce account configured (connections.salesforce_account_id)");
        }
        if (!RECORD_ID.matcher(accountId).matches()) {
            throw ApiException.notFound("not_connected", "this tenant's Salesforce account id is not a valid record id");
        }
        return accountId;
    }

    @Override
    public CrmRecords fetch(Tenant tenant) {
        String accountId = reference(tenant);
        UpstreamHttp.Call call = http.call();
        List<JsonNode> accounts = query(call, "SELECT Id, Name, Industry, AnnualRevenue, NumberOfEmployees, Phone, Website"
                + " FROM Account WHERE Id = '" + accountId + "'");
        if (accounts.isEmpty()) {
            throw ApiException.notFound("not_connected", "the Salesforce account configured for this tenant does not exist");
        }
        SalesforceView.Account account = account(accounts.get(0));
        List<JsonNode> cases = query(call, "SELECT Id, CaseNumber, Subject, Status, Priority, CreatedDate, Account.Name"
                + " FROM Case WHERE AccountId = '" + accountId + "' AND IsClosed = false"
                + " ORDER BY CreatedDate DESC LIMIT " + settings.maxCases());
        List<SalesforceView.SupportCase> openCases = new ArrayList<>();
        for (JsonNode record : cases) {
            openCases.add(supportCase(record, account.name()));
        }
        return new CrmRecords(account, openCases);
    }

    // --- SOQL ------------------------------------------------------------------------------------------------------

    private List<JsonNode> query(UpstreamHttp.Call call, String soql) {
        List<JsonNode> records = new ArrayList<>();
        String path = "/services/data/" + settings.apiVersion() + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        for (int page = 1; path != null; page++) {
            if (page > MAX_PAGES) {
                throw UpstreamFailure.error(SYSTEM + " returned more than " + MAX_PAGES + " pages for one query");
            }
            JsonNode body = get(call, path);
            JsonNode pageRecords = body.path("records");
            if (!pageRecords.isArray()) {
                throw UpstreamFailure.error(SYSTEM + " sent a query result without records");
            }
            pageRecords.forEach(records::add);
            boolean done = body.path("done").asBoolean(true);
            path = done ? null : nextRecordsUrl(body);
        }
        return records;
    }

    private String nextRecordsUrl(JsonNode body) {
        String next = body.path("nextRecordsUrl").asString(null);
        if (next == null || !next.startsWith("/services/data/")) {
            throw UpstreamFailure.error(SYSTEM + " sent an unfinished query result without a usable nextRecordsUrl");
        }
        return next;
    }

    /** GET on the token's instance, with one fresh token when Salesforce says the current one is no longer valid. */
    private JsonNode get(UpstreamHttp.Call call, String path) {
        AccessToken token = tokens.current(call);
        HttpResponse<byte[]> response = send(call, token, path);
        if (response.statusCode() == 401) {
            log.info("Salesforce rejected the access token{}, fetching a new one", errorSuffix(response));
            tokens.invalidate(token);
            token = tokens.current(call);
            response = send(call, token, path);
            if (response.statusCode() == 401) {
                throw UpstreamFailure.error(SYSTEM + " rejected a newly issued access token" + errorSuffix(response));
            }
        }
        if (response.statusCode() / 100 != 2) {
            log.warn("Salesforce answered HTTP {} to a query: {}", response.statusCode(), body(response));
            throw UpstreamFailure.error(SYSTEM + " answered HTTP " + response.statusCode() + errorSuffix(response));
        }
        return http.json(response, "query result");
    }

    private HttpResponse<byte[]> send(UpstreamHttp.Call call, AccessToken token, String path) {
        return call.send(HttpRequest.newBuilder(URI.create(token.instanceUrl() + path))
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .header("Sforce-Query-Options", QUERY_OPTIONS)
                .GET());
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

    // --- mapping ---------------------------------------------------------------------------------------------------

    private static SalesforceView.Account account(JsonNode record) {
        JsonNode revenue = record.path("AnnualRevenue");
        JsonNode employees = record.path("NumberOfEmployees");
        return new SalesforceView.Account(required(record, "Id"), required(record, "Name"), text(record, "Industry"),
                revenue.isNumber() ? revenue.decimalValue().stripTrailingZeros() : null,
                employees.isNumber() ? employees.asInt() : null,
                text(record, "Phone"), text(record, "Website"));
    }

    private static SalesforceView.SupportCase supportCase(JsonNode record, String accountName) {
        String name = record.path("Account").path("Name").asString(null);
        return new SalesforceView.SupportCase(required(record, "Id"), text(record, "Subject"), text(record, "Status"),
                text(record, "Priority"), createdDate(text(record, "CreatedDate")), name != null ? name : accountName);
    }

    static LocalDate createdDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value, SALESFORCE_DATETIME).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        }
        catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            }
            catch (DateTimeParseException again) {
                throw UpstreamFailure.error(SYSTEM + " sent CreatedDate in an unexpected format");
            }
        }
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static String required(JsonNode record, String field) {
        String value = text(record, field);
        if (value == null || value.isBlank()) {
            throw UpstreamFailure.error(SYSTEM + " sent a record without " + field);
        }
        return value;
    }

    // --- errors ----------------------------------------------------------------------------------------------------

    /** Salesforce errors are {@code [{"message": ..., "errorCode": ...}]}; the code is safe to pass on, the message is not. */
    private String errorCode(HttpResponse<byte[]> response) {
        JsonNode body = http.jsonOrMissing(response);
        JsonNode first = body.isArray() && !body.isEmpty() ? body.get(0) : body;
        String code = first.path("errorCode").asString("");
        return code.matches("[A-Z_]{1,64}") ? code : "";
    }

    private String errorSuffix(HttpResponse<byte[]> response) {
        String code = errorCode(response);
        return code.isEmpty() ? "" : " (" + code + ")";
    }

    private static String body(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        return text.length() > 500 ? text.substring(0, 500) + "..." : text;
    }
}
