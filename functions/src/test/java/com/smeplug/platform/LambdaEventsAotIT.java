package com.smeplug.platform;

import java.util.Map;

import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link LambdaEventsIT} as deployed: every function started with {@code -Dspring.aot.enabled=true} (template.yaml's
 * JAVA_TOOL_OPTIONS), so from the bean definitions Spring AOT generated at build time instead of the configuration
 * classes. Spring refuses to start in this mode without them, and a bean the generated code lost fails its event.
 */
class LambdaEventsAotIT extends LambdaEventsIT {

    @BeforeAll
    static void start() {
        stack = TestStack.start("events-aot-it", Map.of("AUTH_MODE", "gateway", "spring.aot.enabled", "true"));
    }
}
