package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.smeplug.SmePlugApplication;
import com.smeplug.local.aws.SamTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** template.yaml is the deployment: every function must reach a real bean, routes must be unique, policies present. */
class TemplateTest {

    static SamTemplate template;
    static ConfigurableApplicationContext context;

    @BeforeAll
    static void load() {
        template = SamTemplate.load();
        // Lazy beans: nothing is instantiated or connected, only the definitions are registered.
        context = new SpringApplicationBuilder(SmePlugApplication.class).web(WebApplicationType.NONE).run();
    }

    @AfterAll
    static void close() {
        context.close();
    }

    @Test
    void every_function_names_a_function_bean_of_the_application() {
        assertThat(template.functions()).isNotEmpty();
        for (SamTemplate.FunctionSpec function : template.functions()) {
            assertThat(function.definition()).as(function.logicalId()).isNotEqualTo("null");
            assertThat(context.containsBean(function.definition())).as(function.logicalId() + " -> " + function.definition()).isTrue();
            assertThat(Function.class.isAssignableFrom(context.getType(function.definition())))
                    .as(function.definition() + " is a Function").isTrue();
        }
    }

    @Test
    void every_route_is_unique_and_belongs_to_one_function() {
        Map<String, String> owners = new HashMap<>();
        for (SamTemplate.FunctionSpec function : template.functions()) {
            for (SamTemplate.HttpRoute route : function.routes()) {
                String key = route.method() + " " + route.path();
                assertThat(owners.put(key, function.definition())).as("route " + key + " declared twice").isNull();
            }
        }
        assertThat(owners).containsEntry("GET /plugs", "plugs");
    }

    @Test
    void every_function_has_a_policy_for_the_table_and_queue_it_uses() {
        for (SamTemplate.FunctionSpec function : template.functions()) {
            List<String> policies = function.policies().stream().map(Object::toString).toList();
            // TABLE_NAME is a global variable: every function can reach the table, so every one must be allowed to.
            assertThat(policies).as(function.logicalId() + " DynamoDB policy")
                    .anyMatch(p -> p.startsWith("{DynamoDB") && p.contains("TableName={Ref=Table}"));
            // a queue's URL is there to send to it: the function may, to that queue
            function.variables().forEach((name, value) -> {
                if (name.endsWith("_QUEUE_URL")) {
                    assertThat(policies).as(function.logicalId() + " SQS send policy for " + name)
                            .anyMatch(p -> p.startsWith("{SQSSendMessagePolicy") && p.contains(String.valueOf(map(value).get("Ref"))));
                }
            });
            if (!function.sqsQueues().isEmpty()) {
                assertThat(function.responseTypes()).as(function.logicalId() + " partial batch failures")
                        .contains("ReportBatchItemFailures");
            }
        }
    }

    /**
     * Chat sends overage reports to the queue billingOverageReport drains (with partial batch failures); the local
     * stack's EventSources polls every such queue of the template, this one included.
     */
    @Test
    void chat_sends_overage_reports_to_the_queue_the_overage_reporter_consumes() {
        SamTemplate.FunctionSpec chat = function("chat");
        SamTemplate.FunctionSpec reporter = function("billingOverageReport");
        assertThat(map(chat.variables().get("OVERAGE_REPORT_QUEUE_URL"))).containsEntry("Ref", "OverageReportQueue");
        assertThat(reporter.sqsQueues()).containsExactly("OverageReportQueue");
        assertThat(reporter.responseTypes()).contains("ReportBatchItemFailures");
        assertThat(chat.variables()).as("chat calls no Stripe").doesNotContainKeys("STRIPE_SECRET_ARN", "STRIPE_METER_EVENT_NAME");
        assertThat(reporter.variables()).containsKeys("USE_REAL_STRIPE", "STRIPE_SECRET_ARN", "STRIPE_METER_EVENT_NAME");
    }

    private static SamTemplate.FunctionSpec function(String definition) {
        return template.functions().stream().filter(f -> f.definition().equals(definition)).findFirst().orElseThrow();
    }

    /**
     * API Gateway fills {@code requestContext.authorizer.lambda} for a Lambda authorizer alone; with none, no request
     * can carry what admits SnapStart priming's probe (platform/auth/Probe).
     */
    @Test
    void the_api_has_only_jwt_authorizers_so_no_request_carries_a_lambda_authorizer_context() {
        template.resources().forEach((id, resource) -> {
            Map<String, Object> properties = map(map(resource).get("Properties"));
            assertThat(map(resource).get("Type")).as(id).isNotEqualTo("AWS::ApiGatewayV2::Authorizer");
            if ("AWS::Serverless::HttpApi".equals(map(resource).get("Type"))) {
                map(map(properties.get("Auth")).get("Authorizers")).forEach((name, authorizer) ->
                        assertThat(map(authorizer)).as(id + " authorizer " + name)
                                .containsKey("JwtConfiguration").doesNotContainKey("FunctionArn"));
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @Test
    void no_secret_is_in_a_function_environment_and_a_sample_deploy_needs_none() {
        Map<String, Object> parameters = map(template.resourcesRoot().get("Parameters"));
        for (SamTemplate.FunctionSpec function : template.functions()) {
            function.variables().forEach((name, value) -> {
                assertThat(value.toString()).as(function.logicalId() + " " + name).doesNotContain("{{resolve:");
                if (name.matches(".*(SECRET|PASSWORD|API_KEY|CLIENT_ID).*")) {
                    // Only the secret's ARN is a variable, from a parameter that is empty unless real mode needs it.
                    assertThat(name).as(function.logicalId() + " " + name).endsWith("_SECRET_ARN");
                    String parameter = String.valueOf(map(value).get("Ref"));
                    assertThat(map(parameters.get(parameter))).as(parameter).containsEntry("Default", "");
                    assertThat(function.policies().toString()).as(function.logicalId() + " may read " + parameter)
                            .contains("AWSSecretsManagerGetSecretValuePolicy={SecretArn={Ref=" + parameter + "}}");
                }
            });
            assertThat(function.variables()).as(function.logicalId() + " never runs dev auth").doesNotContainKey("DEV_JWT_SECRET");
        }
        assertThat(template.globalVariables()).containsEntry("AUTH_MODE", "gateway");
    }

    @Test
    void functions_are_published_for_snapstart() {
        @SuppressWarnings("unchecked")
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.resourcesRoot().get("Globals")).get("Function");
        assertThat(globals).containsEntry("AutoPublishAlias", "live");
        assertThat(globals.get("SnapStart").toString()).contains("PublishedVersions");
        assertThat(globals.get("Handler")).isEqualTo("com.smeplug.platform.lambda.PrimingFunctionInvoker::handleRequest");
    }
}
