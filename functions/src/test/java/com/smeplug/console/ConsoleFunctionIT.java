package com.smeplug.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console function at the wire boundary: the page, its files, its sign-in settings, and what it refuses. */
class ConsoleFunctionIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("console-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HttpResult page() {
        return stack.invoke("console", ApiEvent.get("/").routeKey("GET /"));
    }

    static HttpResult asset(String name) {
        return stack.invoke("console", ApiEvent.get("/console/" + name).routeKey("GET /console/{asset+}")
                .pathParameter("asset", name));
    }

    @Test
    void the_page_is_served_at_the_root_without_a_token_as_html_under_a_strict_policy() {
        HttpResult result = page();

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("text/html; charset=utf-8");
        assertThat(result.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        String policy = result.header("content-security-policy");
        String tokenOrigin = stack.aws().issuer().issuerUrl();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                "connect-src 'self' " + tokenOrigin + ";", "frame-ancestors 'none'", "base-uri 'none'");
        assertThat(policy.replace(" " + tokenOrigin, "")).as("no origin but ours and the sign-in token endpoint's")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(result.header("x-frame-options")).isEqualTo("DENY");
        assertThat(result.header("referrer-policy")).isEqualTo("no-referrer");
        assertThat(result.header("x-content-type-options")).isEqualTo("nosniff");
        assertThat(result.header("cache-control")).isEqualTo("no-cache");
        assertThat(result.header("etag")).matches("\"[0-9a-f]{32}\"");
    }

    @Test
    void every_file_the_page_and_its_modules_reference_is_served_with_its_content_type() {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        Matcher pageLinks = Pattern.compile("(?:src|href)=\"/console/([^\"]+)\"").matcher(page().body());
        while (pageLinks.find()) {
            pending.add(pageLinks.group(1));
        }
        Pattern imports = Pattern.compile("(?m)^\\s*import\\s[^;]*?from\\s+'([^']+)'|^\\s*import\\s+'([^']+)'");
        while (!pending.isEmpty()) {
            String name = pending.poll();
            if (!seen.add(name)) {
                continue;
            }
            HttpResult result = asset(name);
            assertThat(result.status()).as(name).isEqualTo(200);
            assertThat(result.header("content-type")).as(name).isEqualTo(expectedType(name));
            assertThat(result.header("content-security-policy")).as(name).isNotBlank();
            if (name.endsWith(".js")) {
                Matcher found = imports.matcher(result.body());
                while (found.find()) {
                    String target = found.group(1) != null ? found.group(1) : found.group(2);
                    assertThat(target).as("import in " + name).startsWith(".");
                    pending.add(java.nio.file.Path.of(name).resolveSibling(target).normalize().toString().replace('\\', '/'));
                }
            }
        }
        assertThat(seen).contains("app.js", "app.css", "api.js", "auth.js", "ui.js", "favicon.svg",
                "pages/chat.js", "pages/integrations.js", "pages/usage.js", "pages/billing.js", "pages/finetune.js");
    }

    @Test
    void no_script_is_inline_nothing_comes_from_another_origin_and_api_text_is_never_parsed_as_html() {
        ConsoleAssets assets = ConsoleAssets.load();
        for (String name : assets.names()) {
            String text = assets.find(name).orElseThrow().text();
            if (name.endsWith(".html")) {
                assertThat(text).as(name).doesNotContainPattern("<script(?![^>]*\\ssrc=)[^>]*>");
                assertThat(text).as(name).doesNotContainPattern("\\son[a-z]+\\s*=");
                assertThat(text).as(name).doesNotContainPattern("(?:src|href)=\"(?:https?:)?//");
            }
            if (name.endsWith(".js")) {
                assertThat(text).as(name).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                        "eval(", "new Function");
                assertThat(text).as(name).doesNotContainPattern("from\\s+'(?:https?:)?//");
                assertThat(text).as(name + " keeps the token out of URLs").doesNotContainPattern("[?&]token=");
            }
            if (name.endsWith(".css")) {
                assertThat(text).as(name).doesNotContain("@import", "url(http", "url(//");
            }
            assertThat(text).as(name + " never calls data live").doesNotContainPattern("\\bLive\\b");
        }
    }

    @Test
    void an_unchanged_file_is_answered_304_by_its_etag() {
        HttpResult first = asset("app.js");

        HttpResult again = stack.invoke("console", ApiEvent.get("/console/app.js").routeKey("GET /console/{asset+}")
                .pathParameter("asset", "app.js").header("If-None-Match", first.header("etag")));
        HttpResult stale = stack.invoke("console", ApiEvent.get("/console/app.js").routeKey("GET /console/{asset+}")
                .pathParameter("asset", "app.js").header("If-None-Match", "\"0123\""));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("etag")).isEqualTo(first.header("etag"));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void locally_the_sign_in_settings_offer_the_sample_tenants() {
        HttpResult result = asset("config.json");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.json().path("auth").asString()).isEqualTo("dev");
        assertThat(result.json().path("sample_tenants").findValuesAsString("tenant_id"))
                .containsExactly("lawfirm_alpha", "hospital_beta", "buildco_gamma");
        assertThat(result.body()).doesNotContain("connections", "salesforce_account_id", "secret");
    }

    @Test
    void an_unknown_file_is_404_in_the_error_shape() {
        HttpResult result = asset("nope.js");

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.errorCode()).isEqualTo("not_found");
        assertThat(result.json().path("error").path("request_id").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "../application.properties", "..%2Fapplication.properties", "%2e%2e/application.properties",
            "..\\application.properties", "../samples/tenants.json", "../com/smeplug/SmePlugApplication.class",
            "pages/../app.js", "./app.js", "/etc/passwd", "//etc/passwd", "app.js%00.html", "pages", "pages/", ".",
            "../console/app.js", "../../../../../../etc/passwd", "APP.JS", "app.js/" })
    void a_path_that_is_not_exactly_a_console_file_is_404(String name) {
        HttpResult result = asset(name);

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.errorCode()).isEqualTo("not_found");
        assertThat(result.body()).doesNotContain("spring.main", "root:", "tenant_id", "import ");
    }

    @Test
    void only_get_is_allowed() {
        HttpResult result = stack.invoke("console", ApiEvent.post("/", "{}").routeKey("GET /"));

        assertThat(result.status()).isEqualTo(405);
        assertThat(result.errorCode()).isEqualTo("method_not_allowed");
    }

    private static String expectedType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (name.endsWith(".svg")) {
            return "image/svg+xml; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }
}
