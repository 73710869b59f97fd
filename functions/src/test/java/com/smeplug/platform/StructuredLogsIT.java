package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.LambdaProcess;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * What an operator reads in CloudWatch: each function started cold in a JVM of its own through the Lambda handler,
 * fed the `sam local invoke` event of its route, and everything it printed read back. One JSON object per line, one
 * event per request carrying the request's and the invocation's fields, a failure as one ERROR event with its stack,
 * and nothing at WARN from start-up.
 */
class StructuredLogsIT {

    static TestStack stack;
    static final Path PLUGS_EVENT = RepoRoot.find().resolve("infra/events/plugs.json");

    @BeforeAll
    static void start() {
        stack = TestStack.start("structured-logs", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, String> variables(Map<String, String> overrides) {
        Map<String, String> variables = new HashMap<>(stack.aws().functionVariables());
        variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
        variables.put("AUTH_MODE", "gateway");
        variables.putAll(overrides);
        return variables;
    }

    private static List<JsonNode> requestEvents(List<JsonNode> events) {
        return events.stream().filter(e -> e.has("route")).toList();
    }

    private static List<JsonNode> parseEveryLine(List<String> stdout) {
        assertThat(stdout).as("lines printed").isNotEmpty();
        return stdout.stream().map(line -> {
            assertThat(line).as("every line is one JSON object").startsWith("{").endsWith("}");
            return Json.tree(line);
        }).toList();
    }

    @Test
    void a_cold_start_and_two_requests_print_one_json_event_per_request_and_no_warning() {
        var output = LambdaProcess.run(variables(Map.of()), "plugs", PLUGS_EVENT, PLUGS_EVENT);

        assertThat(HttpResult.parse(output.responses().get(0)).status()).isEqualTo(200);
        List<JsonNode> events = parseEveryLine(output.stdout());
        assertThat(events).as("levels printed").allSatisfy(e -> assertThat(e.path("level").asString()).isEqualTo("INFO"));
        List<JsonNode> requests = requestEvents(events);
        assertThat(requests).hasSize(2);

        JsonNode first = requests.get(0);
        assertThat(first.path("request_id").asString()).isEqualTo("JTHoQiR1oAMEbPA=");
        assertThat(first.path("aws_request_id").asString()).isNotBlank().isNotEqualTo(requests.get(1).path("aws_request_id").asString());
        assertThat(first.path("tenant").asString()).isEqualTo("lawfirm_alpha");
        assertThat(first.path("user").asString()).as("the token's sub").isEqualTo("sample-lawfirm_alpha-admin");
        assertThat(first.path("route").asString()).isEqualTo("GET /plugs");
        assertThat(first.path("status").isNumber()).isTrue();
        assertThat(first.path("status").asInt()).isEqualTo(200);
        assertThat(first.path("duration_ms").isNumber()).isTrue();
        assertThat(first.path("function").asString()).isEqualTo("plugs");
        assertThat(first.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
        assertThat(first.path("cold_start").asString()).isEqualTo("true");
        assertThat(requests.get(1).path("cold_start").asString()).isEqualTo("false");
    }

    @Test
    void a_failing_request_is_one_error_event_with_the_stack_in_a_field() {
        var output = LambdaProcess.run(variables(Map.of("TABLE_NAME", "no-such-table")), "plugs", PLUGS_EVENT);

        assertThat(HttpResult.parse(output.responses().get(0)).status()).isEqualTo(500);
        List<JsonNode> events = parseEveryLine(output.stdout());
        List<JsonNode> errors = events.stream().filter(e -> !e.path("level").asString().equals("INFO")).toList();
        assertThat(errors).hasSize(1);
        JsonNode error = errors.get(0);
        assertThat(error.path("level").asString()).isEqualTo("ERROR");
        assertThat(error.path("status").asInt()).isEqualTo(500);
        assertThat(error.path("request_id").asString()).isEqualTo("JTHoQiR1oAMEbPA=");
        assertThat(error.path("route").asString()).isEqualTo("GET /plugs");
        assertThat(error.path("stack_trace").asString()).contains("ResourceNotFoundException").contains("\n\tat ");
        assertThat(requestEvents(events)).containsExactly(error);
    }

    @Test
    void log_format_text_prints_plain_lines_with_the_same_fields() {
        var output = LambdaProcess.run(variables(Map.of("LOG_FORMAT", "text")), "plugs", PLUGS_EVENT);

        List<String> requestLines = output.stdout().stream().filter(line -> line.contains("GET /plugs 200")).toList();
        assertThat(requestLines).hasSize(1);
        assertThat(requestLines.get(0)).doesNotStartWith("{")
                .contains("tenant=\"lawfirm_alpha\"").contains("status=\"200\"").contains("aws_request_id=");
        assertThat(output.stdout()).noneMatch(line -> line.contains(" WARN "));
    }
}
