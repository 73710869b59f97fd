package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of template.yaml, through the Lambda entry point, at the wire boundary. */
class RoutesIT {

    static TestStack stack;
    static List<String[]> routes;

    @BeforeAll
    static void start() {
        stack = TestStack.start("routes-it");
        routes = SamTemplate.load().functions().stream()
                .flatMap(f -> f.routes().stream().map(r -> new String[] { f.definition(), r.method(), r.path() }))
                .toList();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static ApiEvent eventFor(String method, String templatePath) {
        String path = templatePath.replaceAll("\\{[^}/]+\\+?}", "probe");
        ApiEvent event = ApiEvent.of(method, path).routeKey(method + " " + templatePath);
        java.util.regex.Matcher parameters = java.util.regex.Pattern.compile("\\{([^}/+]+)\\+?}").matcher(templatePath);
        while (parameters.find()) {
            event.pathParameter(parameters.group(1), "probe");
        }
        if (method.equals("POST")) {
            event.header("content-type", "application/json").body("{}");
        }
        return event;
    }

    @Test
    void no_response_echoes_a_request_header() {
        String token = stack.token("lawfirm_alpha");
        for (String[] route : routes) {
            HttpResult result = stack.invoke(route[0], eventFor(route[1], route[2])
                    .bearer(token)
                    .header("Cookie", "session=cookie-secret-value")
                    .header("X-Echo-Probe", "probe-value-123")
                    .header("Spring.Cloud.Function.Definition", "plugs"));

            String where = route[1] + " " + route[2];
            assertThat(result.headers().keySet()).as(where)
                    .doesNotContain("authorization", "cookie", "x-echo-probe", "spring.cloud.function.definition",
                            "id", "timestamp", "contenttype");
            assertThat(String.join(" ", result.headers().values())).as(where)
                    .doesNotContain(token).doesNotContain("cookie-secret-value").doesNotContain("probe-value-123");
            assertThat(result.raw().path("cookies").isNull() || result.raw().path("cookies").isMissingNode()).as(where).isTrue();
            assertThat(result.header("content-type")).as(where).isNotBlank();
        }
    }

    @Test
    void every_route_accepts_its_own_method_and_answers_json_errors() {
        String token = stack.token("hospital_beta");
        for (String[] route : routes) {
            HttpResult result = stack.invoke(route[0], eventFor(route[1], route[2]).bearer(token));

            assertThat(result.status()).as(route[1] + " " + route[2]).isNotEqualTo(405).isLessThan(500);
            if (result.status() >= 400) {
                assertThat(result.errorCode()).as(route[1] + " " + route[2]).isNotBlank();
            }
        }
    }

    @Test
    void every_authenticated_route_refuses_a_missing_token() {
        for (String[] route : routes) {
            if (route[0].toLowerCase(Locale.ROOT).contains("webhook") || route[0].equals("console")
                    || route[0].toLowerCase(Locale.ROOT).endsWith("callback")) {
                continue;
            }
            HttpResult result = stack.invoke(route[0], eventFor(route[1], route[2]));

            assertThat(result.status()).as(route[1] + " " + route[2]).isEqualTo(401);
            assertThat(result.body()).as("refused by the JWT authorizer before the function")
                    .isEqualTo(com.smeplug.local.aws.JwtAuthorizer.UNAUTHORIZED_BODY);
        }
    }
}
