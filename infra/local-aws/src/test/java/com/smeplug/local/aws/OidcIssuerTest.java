package com.smeplug.local.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The local issuer's sign-in as a browser runs it: authorization code + PKCE (S256), then the JWT authorizer's checks. */
class OidcIssuerTest {

    static final String REDIRECT = "http://127.0.0.1:3000/";
    static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-local-test-verifier";

    static OidcIssuer issuer;
    static HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        issuer = OidcIssuer.start(0);
        issuer.registerUser("sample-lawfirm_alpha-admin", "admin@lawfirm-alpha.example");
    }

    @AfterAll
    static void stop() {
        issuer.close();
    }

    static Map<String, String> authorize(String challenge) {
        return Map.of("client_id", OidcIssuer.AUDIENCE, "response_type", "code", "redirect_uri", REDIRECT, "state", "st-1",
                "code_challenge", challenge, "code_challenge_method", "S256", "scope", "openid email");
    }

    static String form(Map<String, String> values) {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static HttpResponse<String> post(String url, Map<String, String> values) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(values))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String codeFor(String email) throws Exception {
        var params = new java.util.HashMap<>(authorize(OidcIssuer.s256(VERIFIER)));
        params.put("email", email);
        HttpResponse<String> login = post(issuer.authorizeUrl(), params);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        String location = login.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=st-1");
        return location.replaceFirst(".*code=([0-9a-f]+)&.*", "$1");
    }

    static Map<String, String> exchange(String code, String verifier) {
        return Map.of("grant_type", "authorization_code", "client_id", OidcIssuer.AUDIENCE, "code", code,
                "redirect_uri", REDIRECT, "code_verifier", verifier);
    }

    @Test
    void a_user_signs_in_with_code_and_pkce_and_gets_an_id_token_the_authorizer_accepts() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(issuer.authorizeUrl() + "?"
                + form(authorize(OidcIssuer.s256(VERIFIER))))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<form method=\"post\" action=\"/authorize\">", "name=\"email\"");

        HttpResponse<String> token = post(issuer.tokenUrl(), exchange(codeFor("Admin@LawFirm-Alpha.example"), VERIFIER));

        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
        String idToken = JsonMapper.builder().build().readTree(token.body()).path("id_token").asString();
        var claims = new JwtAuthorizer(issuer.issuerUrl(), List.of(OidcIssuer.AUDIENCE)).verify("Bearer " + idToken).orElseThrow();
        assertThat(claims).containsEntry("sub", "sample-lawfirm_alpha-admin").containsEntry("email", "admin@lawfirm-alpha.example")
                .containsEntry("email_verified", "true").containsEntry("aud", "[" + OidcIssuer.AUDIENCE + "]");
    }

    @Test
    void a_code_needs_the_matching_verifier_and_works_once() throws Exception {
        String code = codeFor("someone@example.com");

        assertThat(post(issuer.tokenUrl(), exchange(code, "another-verifier-of-the-right-length-0123456789")).statusCode())
                .isEqualTo(400);
        assertThat(post(issuer.tokenUrl(), exchange(code, VERIFIER)).statusCode()).as("spent by the failed attempt").isEqualTo(400);
        String second = codeFor("someone@example.com");
        assertThat(post(issuer.tokenUrl(), exchange(second, VERIFIER)).statusCode()).isEqualTo(200);
        assertThat(post(issuer.tokenUrl(), exchange(second, VERIFIER)).statusCode()).as("single use").isEqualTo(400);
    }

    @Test
    void the_implicit_flow_and_requests_without_pkce_are_refused() throws Exception {
        var implicit = new java.util.HashMap<>(authorize(OidcIssuer.s256(VERIFIER)));
        implicit.put("response_type", "token");
        var noPkce = new java.util.HashMap<>(authorize(""));
        for (Map<String, String> params : List.of(implicit, noPkce)) {
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(issuer.authorizeUrl() + "?" + form(params))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(400);
        }
    }

    @Test
    void an_unregistered_email_always_signs_in_as_the_same_user() {
        assertThat(OidcIssuer.subjectFor("Ada@Example.com")).isEqualTo(OidcIssuer.subjectFor("ada@example.com"))
                .isNotEqualTo(OidcIssuer.subjectFor("bob@example.com"));
    }
}
