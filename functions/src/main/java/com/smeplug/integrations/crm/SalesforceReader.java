package com.smeplug.integrations.crm;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.smeplug.integrations.connector.Account;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.SupportCase;
import com.smeplug.integrations.upstream.AccessTokens;
import com.smeplug.integrations.upstream.TokenCache.AccessToken;
import com.smeplug.integrations.upstream.UpstreamDecimals;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Reads an org's Account and open Cases through the REST API: SOQL through {@code /services/data/<version>/query},
 * following {@code nextRecordsUrl}, on the instance the access token names; a 401 gets one fresh token. Used for the
 * deployment's org ({@link SalesforceCrm}) and for each tenant's own org (per-tenant connections) alike.
 */
public final class SalesforceReader {

    private static final Logger log = LoggerFactory.getLogger(SalesforceReader.class);
    private static final String SYSTEM = "Salesforce";
    /** A Salesforce record id: 15 or 18 characters. */
    public static final Pattern RECORD_ID = Pattern.compile("[A-Za-z0-9]{15,18}");
    private static final DateTimeFormatter SALESFORCE_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    /** Pages of at most 200 records (the smallest batch Salesforce allows), so a large result really is paged. */
    private static final String QUERY_OPTIONS = "batchSize=200";
    private static final int MAX_PAGES = 50;

    public static final Duration DEFAULT_LIMIT_BACKOFF = Duration.ofMinutes(5);
    private static final Pattern API_USAGE = Pattern.compile("api-usage=(\\d+)/(\\d+)");

    private final Duration limitBackoff;
    private boolean limitReached;
    private final UpstreamHttp http;
    private final AccessTokens tokens;
    private final String apiVersion;
    private final int maxCases;

    public SalesforceReader(UpstreamHttp http, AccessTokens tokens, String apiVersion, int maxCases) {
        this(http, tokens, apiVersion, maxCases, DEFAULT_LIMIT_BACKOFF);
    }

    /** {@code limitBackoff}: how long to leave an org alone whose API requests are used up (it gives no Retry-After). */
    public SalesforceReader(UpstreamHttp http, AccessTokens tokens, String apiVersion, int maxCases, Duration limitBackoff) {
        this.limitBackoff = limitBackoff;
        this.http = http;
        this.tokens = tokens;
        this.apiVersion = apiVersion;
        this.maxCases = maxCases;
    }

    /** The Account {@code accountId} and its open cases. */
    public CrmRecords account(UpstreamHttp.Call call, String accountId) {
        limitReached = false;
        List<JsonNode> accounts = query(call, "SELECT Id, Name, Industry, AnnualRevenue, NumberOfEmployees, Phone, Website"
                + " FROM Account WHERE Id = '" + accountId + "'");
        if (accounts.isEmpty()) {
            throw ApiException.notFound("not_connected", "the Salesforce account configured for this tenant does not exist");
        }
        Account account = account(accounts.get(0));
        return new CrmRecords(account, openCases(call, "AccountId = '" + accountId + "' AND ", account.name()));
    }

    /** A whole org (the tenant's own): no single account, the org's newest open cases with their account names. */
    public CrmRecords org(UpstreamHttp.Call call) {
        limitReached = false;
        return new CrmRecords(null, openCases(call, "", null));
    }

    private List<SupportCase> openCases(UpstreamHttp.Call call, String accountFilter, String accountName) {
        List<JsonNode> cases = query(call, "SELECT Id, CaseNumber, Subject, Status, Priority, CreatedDate, Account.Name"
                + " FROM Case WHERE " + accountFilter + "IsClosed = false"
                + " ORDER BY CreatedDate DESC LIMIT " + maxCases);
        List<SupportCase> openCases = new ArrayList<>();
        for (JsonNode record : cases) {
            openCases.add(supportCase(record, accountName));
        }
        return openCases;
    }

    // --- SOQL ------------------------------------------------------------------------------------------------------

    private List<JsonNode> query(UpstreamHttp.Call call, String soql) {
        List<JsonNode> records = new ArrayList<>();
        String path = "/services/data/" + apiVersion + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8);
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
        if (limitReached) {
            throw limited("Salesforce reported this org's daily API requests used up (Sforce-Limit-Info)");
        }
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
        if (response.statusCode() / 100 != 2 && errorCode(response).equals("REQUEST_LIMIT_EXCEEDED")) {
            throw limited("Salesforce refused: this org's API request limit is exceeded (REQUEST_LIMIT_EXCEEDED)");
        }
        if (response.statusCode() / 100 != 2) {
            log.warn("Salesforce answered HTTP {} to a query: {}", response.statusCode(), body(response));
            throw UpstreamFailure.error(SYSTEM + " answered HTTP " + response.statusCode() + errorSuffix(response));
        }
        noteLimits(response);
        return http.json(response, "query result");
    }

    /** {@code Sforce-Limit-Info: api-usage=used/limit}: at the limit, this read stops asking (and the caller backs off). */
    private void noteLimits(HttpResponse<byte[]> response) {
        response.headers().firstValue("Sforce-Limit-Info").ifPresent(info -> {
            Matcher usage = API_USAGE.matcher(info);
            if (usage.find()) {
                long used = Long.parseLong(usage.group(1));
                long limit = Long.parseLong(usage.group(2));
                if (limit > 0 && used >= limit) {
                    limitReached = true;
                }
                else if (limit > 0 && used * 10 >= limit * 9) {
                    log.warn("Salesforce org has used {} of {} daily API requests", used, limit);
                }
            }
        });
    }

    private UpstreamFailure limited(String message) {
        return UpstreamFailure.limited(message, 429, limitBackoff);
    }

    private HttpResponse<byte[]> send(UpstreamHttp.Call call, AccessToken token, String path) {
        return call.send(HttpRequest.newBuilder(URI.create(token.instanceUrl() + path))
                .header("Authorization", "Bearer " + token.value())
                .header("Accept", "application/json")
                .header("Sforce-Query-Options", QUERY_OPTIONS)
                .GET());
    }

    // --- mapping ---------------------------------------------------------------------------------------------------

    private static Account account(JsonNode record) {
        JsonNode revenue = record.path("AnnualRevenue");
        JsonNode employees = record.path("NumberOfEmployees");
        return new Account(required(record, "Id"), required(record, "Name"), text(record, "Industry"),
                revenue.isNumber()
                        ? UpstreamDecimals.of(revenue, SYSTEM, "AnnualRevenue").stripTrailingZeros()
                        : null,
                employees.isNumber() ? employees.asInt() : null,
                text(record, "Phone"), text(record, "Website"));
    }

    private static SupportCase supportCase(JsonNode record, String accountName) {
        String name = record.path("Account").path("Name").asString(null);
        return new SupportCase(required(record, "Id"), text(record, "Subject"), text(record, "Status"),
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
