package com.smeplug.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.integrations.connector.Account;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.SupportCase;
import com.smeplug.integrations.crm.SalesforceCrm;
import com.smeplug.integrations.crm.SalesforceSettings;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The real Salesforce client against a local server that answers with Salesforce's documented shapes (fixtures in
 * integrations/salesforce/__files): OAuth token, SOQL query results with nextRecordsUrl, error bodies. Each test
 * builds a fresh client, so token counts are exact.
 */
class SalesforceCrmIT {

    static final String QUERY = "/services/data/v62.0/query";
    static final String TOKEN = "/services/oauth2/token";
    static final String FIRST_TOKEN = "Bearer 00DA0000000LawAlp!AQcAQFirstToken.x9eYk2d1s7Qv3Lz0pWm8Rt4Nf6Hb1Ju5Yc";
    static final String SECOND_TOKEN = "Bearer 00DA0000000LawAlp!AQcAQSecondToken.r4Wq8Zt1Yb6Nc3Kd9Ls2Mf5Pg7Hj0Vx";
    static final Tenant LAWFIRM = new Tenant("lawfirm_alpha", "LawFirm Alpha LLP", true,
            Map.of("salesforce_account_id", "001A000001LawAlp"));

    static WireMockServer salesforce;

    @BeforeAll
    static void start() {
        salesforce = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("integrations/salesforce"));
        salesforce.start();
        stubToken();
        UpstreamWarmUp.warm(salesforce, TOKEN);
    }

    @AfterAll
    static void stop() {
        salesforce.stop();
    }

    @BeforeEach
    void reset() {
        salesforce.resetAll();
    }

    static SalesforceCrm client(Map<String, String> extra) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("SALESFORCE_LOGIN_URL", salesforce.baseUrl())
                .withProperty("SALESFORCE_CLIENT_ID", "3MVG9sme-plug-client")
                .withProperty("SALESFORCE_CLIENT_SECRET", "sme-plug-client-secret")
                .withProperty("CONNECTOR_READ_TIMEOUT_MS", "2000");
        extra.forEach(environment::setProperty);
        Settings settings = new Settings(environment);
        return new SalesforceCrm(SalesforceSettings.from(settings), UpstreamHttp.fromSettings("Salesforce", settings),
                Clock.systemUTC());
    }

    static void stubToken() {
        salesforce.stubFor(post(TOKEN).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBodyFile("token.json").withTransformers("response-template")));
    }

    static void stubLawfirmRecords() {
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Account WHERE Id = '001A000001LawAlp'"))
                .willReturn(json(200, "account-lawfirm.json")));
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("FROM Case WHERE AccountId = '001A000001LawAlp'"))
                .willReturn(json(200, "cases-lawfirm-page-1.json")));
        salesforce.stubFor(get(QUERY + "/01gA000000LawCsQIAT-200").willReturn(json(200, "cases-lawfirm-page-2.json")));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8").withBodyFile(file);
    }

    @Test
    void reads_the_account_and_its_open_cases_following_next_records_url() {
        stubToken();
        stubLawfirmRecords();

        CrmRecords records = client(Map.of()).fetch(LAWFIRM);

        Account account = records.account();
        assertThat(account.accountId()).isEqualTo("001A000001LawAlp");
        assertThat(account.name()).isEqualTo("LawFirm Alpha LLP");
        assertThat(account.industry()).isEqualTo("Legal Services");
        assertThat(account.annualRevenue()).isEqualByComparingTo(new BigDecimal("28500000"));
        assertThat(account.employeeCount()).isEqualTo(142);
        assertThat(account.website()).isEqualTo("www.lawfirm-alpha.example");
        assertThat(records.openCases()).extracting(SupportCase::subject)
                .containsExactly("Contract breach analysis", "GDPR compliance review", "IP portfolio audit");
        SupportCase last = records.openCases().get(2);
        assertThat(last.caseId()).isEqualTo("500A000001LAWc03AA");
        assertThat(last.status()).isEqualTo("Escalated");
        assertThat(last.priority()).isEqualTo("High");
        assertThat(last.createdDate()).isEqualTo(LocalDate.parse("2026-11-04"));
        assertThat(last.accountName()).isEqualTo("LawFirm Alpha LLP");
        salesforce.verify(getRequestedFor(urlPathEqualTo(QUERY))
                .withQueryParam("q", containing("IsClosed = false"))
                .withHeader("Authorization", equalTo(FIRST_TOKEN)));
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY + "/01gA000000LawCsQIAT-200"))
                .withHeader("Authorization", equalTo(FIRST_TOKEN)));
    }

    @Test
    void fetches_a_client_credentials_token_once_and_reuses_it() {
        stubToken();
        stubLawfirmRecords();
        SalesforceCrm client = client(Map.of());

        client.fetch(LAWFIRM);
        client.fetch(LAWFIRM);

        salesforce.verify(1, postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(containing("grant_type=client_credentials"))
                .withRequestBody(containing("client_id=3MVG9sme-plug-client"))
                .withRequestBody(containing("client_secret=sme-plug-client-secret")));
        salesforce.verify(6, getRequestedFor(urlPathMatching(QUERY + "(/.*)?"))
                .withHeader("Authorization", equalTo(FIRST_TOKEN)));
    }

    @Test
    void an_expired_token_is_refreshed_once_and_the_query_repeated() {
        salesforce.stubFor(post(TOKEN).inScenario("token").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "token.json").withTransformers("response-template")).willSetStateTo("first issued"));
        salesforce.stubFor(post(TOKEN).inScenario("token").whenScenarioStateIs("first issued")
                .willReturn(json(200, "token-refreshed.json").withTransformers("response-template")));
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo(FIRST_TOKEN)).atPriority(1)
                .willReturn(json(401, "error-invalid-session.json")));
        stubLawfirmRecords();

        CrmRecords records = client(Map.of()).fetch(LAWFIRM);

        assertThat(records.account().name()).isEqualTo("LawFirm Alpha LLP");
        salesforce.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        salesforce.verify(1, getRequestedFor(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo(FIRST_TOKEN)));
        salesforce.verify(2, getRequestedFor(urlPathEqualTo(QUERY)).withHeader("Authorization", equalTo(SECOND_TOKEN)));
    }

    @Test
    void a_new_token_that_is_rejected_too_fails_after_exactly_one_refresh() {
        stubToken();
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).willReturn(json(401, "error-invalid-session.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client(Map.of()).fetch(LAWFIRM));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessageContaining("rejected a newly issued access token").hasMessageContaining("INVALID_SESSION_ID");
        assertThat(failure.toApiException().status()).isEqualTo(502);
        salesforce.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        salesforce.verify(2, getRequestedFor(urlPathEqualTo(QUERY)));
    }

    @Test
    void the_username_password_flow_sends_the_users_credentials() {
        stubToken();
        stubLawfirmRecords();

        client(Map.of("SALESFORCE_USERNAME", "integration@lawfirm-alpha.example", "SALESFORCE_PASSWORD", "pw+token"))
                .fetch(LAWFIRM);

        salesforce.verify(1, postRequestedFor(urlPathEqualTo(TOKEN))
                .withRequestBody(containing("grant_type=password"))
                .withRequestBody(containing("username=integration%40lawfirm-alpha.example"))
                .withRequestBody(containing("password=pw%2Btoken")));
    }

    @Test
    void a_refused_token_request_is_an_upstream_error_naming_salesforces_reason() {
        salesforce.stubFor(post(TOKEN).willReturn(json(400, "token-invalid-client.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client(Map.of()).fetch(LAWFIRM));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessageContaining("invalid_client").hasMessageNotContaining("sme-plug-client-secret");
    }

    @Test
    void a_500_from_salesforce_is_an_upstream_error_with_its_error_code() {
        stubToken();
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).willReturn(json(500, "error-unknown-exception.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client(Map.of()).fetch(LAWFIRM));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessage("Salesforce answered HTTP 500 (UNKNOWN_EXCEPTION)");
        assertThat(failure.toApiException().status()).isEqualTo(502);
    }

    @Test
    void malformed_json_from_salesforce_is_an_upstream_error() {
        stubToken();
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).willReturn(json(200, "malformed-truncated.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client(Map.of()).fetch(LAWFIRM));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessageContaining("not valid JSON");
    }

    @Test
    void a_slow_salesforce_times_out_within_the_configured_read_timeout() {
        stubToken();
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).willReturn(json(200, "account-lawfirm.json").withFixedDelay(6_000)));
        SalesforceCrm client = client(Map.of("CONNECTOR_READ_TIMEOUT_MS", "500"));

        long started = System.nanoTime();
        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client.fetch(LAWFIRM));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.isTimeout()).isTrue();
        assertThat(failure.toApiException().status()).isEqualTo(504);
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void an_account_id_salesforce_does_not_know_is_not_connected() {
        stubToken();
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).willReturn(json(200, "account-none.json")));

        assertThatThrownBy(() -> client(Map.of()).fetch(LAWFIRM)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("not_connected");
        });
    }

    @Test
    void an_account_id_that_could_inject_soql_is_refused_before_any_call() {
        Tenant sneaky = new Tenant("sneaky", "Sneaky", false, Map.of("salesforce_account_id", "001' OR Name != '"));

        assertThatThrownBy(() -> client(Map.of()).fetch(sneaky)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("not_connected"));
        assertThat(salesforce.getAllServeEvents()).isEmpty();
    }
}
