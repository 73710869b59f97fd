package com.smeplug.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.testing.EventExpectation;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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
        String raw = stack.invokeRaw(EventExpectation.definition(event), Files.readString(event));

        EventExpectation.check(event, raw);
    }
}
