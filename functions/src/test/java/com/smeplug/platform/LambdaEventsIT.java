package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Every event in infra/events (the files `sam local invoke -e` takes) through FunctionInvoker, in the deployed auth
 * mode: the tenant comes from the claims API Gateway's JWT authorizer verified. A 2xx is expected unless
 * {@code <name>.expect.json} beside an event names another status (e.g. a 404 for a job id that does not exist).
 */
class LambdaEventsIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("events-it", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static List<Path> events() throws IOException {
        try (Stream<Path> files = Files.list(RepoRoot.find().resolve("infra/events"))) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expect.json")).sorted().toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void each_event_is_answered(Path event) throws IOException {
        String name = event.getFileName().toString().replaceFirst("\\.json$", "");
        String definition = name.split("\\.")[0];
        Path expectFile = event.resolveSibling(name + ".expect.json");
        JsonNode expect = Files.exists(expectFile) ? Json.tree(Files.readString(expectFile)) : Json.tree("{}");

        String raw = stack.invokeRaw(definition, Files.readString(event));

        if (raw.contains("\"statusCode\"")) {
            HttpResult result = HttpResult.parse(raw);
            if (expect.has("status")) {
                assertThat(result.status()).as(raw).isEqualTo(expect.path("status").asInt());
            }
            else {
                assertThat(result.status()).as(raw).isBetween(200, 299);
            }
            assertThat(result.header("content-type")).isNotBlank();
            expect.path("body_has").forEach(field -> assertThat(result.json().has(field.asString())).as(field.asString()).isTrue());
        }
        else {
            assertThat(raw).as("non-HTTP response").doesNotContain("errorMessage");
            if (expect.has("raw_equals")) {
                assertThat(Json.tree(raw)).isEqualTo(expect.path("raw_equals"));
            }
        }
    }
}
