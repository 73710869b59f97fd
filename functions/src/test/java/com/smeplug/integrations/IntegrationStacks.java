package com.smeplug.integrations;

import java.util.Map;

import com.smeplug.testing.TestStack;

/**
 * Test stacks for the integrations feature. Function variables are JVM-wide system properties, so the overrides a
 * class sets (real modes, upstream URLs, credentials) are removed again when it stops: the next class starts clean.
 */
final class IntegrationStacks {

    private IntegrationStacks() {
    }

    static TestStack start(String name, Map<String, String> overrides) {
        return TestStack.start(name, overrides);
    }

    static void stop(TestStack stack, Map<String, String> overrides) {
        try {
            if (stack != null) {
                stack.close();
            }
        }
        finally {
            overrides.keySet().forEach(System::clearProperty);
        }
    }
}
