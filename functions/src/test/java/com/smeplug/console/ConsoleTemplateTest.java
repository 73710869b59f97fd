package com.smeplug.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.local.aws.SamTemplate;
import org.junit.jupiter.api.Test;

/** Only the console's page and files (and the Stripe webhook) are reachable without API Gateway's JWT authorizer. */
class ConsoleTemplateTest {

    @Test
    void the_console_routes_skip_the_authorizer_and_no_data_route_does() {
        SamTemplate template = SamTemplate.load();
        List<String> open = new ArrayList<>();
        template.resources().forEach((id, value) -> {
            Map<?, ?> resource = (Map<?, ?>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<?, ?> properties = (Map<?, ?>) resource.get("Properties");
            Object events = properties.get("Events");
            if (!(events instanceof Map<?, ?> eventMap)) {
                return;
            }
            String definition = String.valueOf(((Map<?, ?>) ((Map<?, ?>) properties.get("Environment")).get("Variables"))
                    .get("SPRING_CLOUD_FUNCTION_DEFINITION"));
            eventMap.values().forEach(event -> {
                Map<?, ?> eventProperties = (Map<?, ?>) ((Map<?, ?>) event).get("Properties");
                if (eventProperties != null && eventProperties.get("Auth") instanceof Map<?, ?> auth
                        && "NONE".equals(auth.get("Authorizer"))) {
                    open.add(definition + " " + eventProperties.get("Method") + " " + eventProperties.get("Path"));
                }
            });
        });

        assertThat(open).contains("console GET /", "console GET /console/{asset+}");
        // besides the console: Stripe's webhook (signed) and the OAuth callback (its single-use state authenticates it)
        assertThat(open).allMatch(route -> route.startsWith("console ") || route.toLowerCase(Locale.ROOT).contains("webhook")
                || route.equals("salesforceCallback GET /integrations/salesforce/callback"));
    }
}
