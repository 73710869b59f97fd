package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.local.aws.SamTemplate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * template.yaml as an operator needs it: data that outlives `sam delete`, logs that are kept (and not forever), alarms
 * on what goes wrong, access logs and throttling on the API; and cfn-lint, informational checks included, passes.
 */
class OperabilityTemplateTest {

    static SamTemplate template;

    @BeforeAll
    static void load() {
        template = SamTemplate.load();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> resource(String id) {
        return map(template.resources().get(id));
    }

    private static Map<String, Object> properties(String id) {
        return map(resource(id).get("Properties"));
    }

    private static List<String> resourcesOfType(String type) {
        return template.resources().keySet().stream().filter(id -> type.equals(resource(id).get("Type"))).toList();
    }

    private static String ref(Object value) {
        return String.valueOf(map(value).get("Ref"));
    }

    @Test
    void the_table_and_every_queue_survive_stack_deletion_and_replacement() {
        List<String> stateful = Stream.concat(Stream.of("Table"), resourcesOfType("AWS::SQS::Queue").stream()).toList();
        assertThat(stateful).contains("Table", "StepQueue", "StepDeadLetterQueue", "ReconcileDeadLetterQueue");
        for (String id : stateful) {
            assertThat(resource(id)).as(id).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        }
        assertThat(map(properties("Table").get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        for (String queue : resourcesOfType("AWS::SQS::Queue")) {
            assertThat(properties(queue)).as(queue + " retention set explicitly").containsKey("MessageRetentionPeriod");
        }
    }

    @Test
    void every_function_logs_json_to_its_own_log_group_kept_for_the_retention_parameter() {
        Map<String, Object> globals = map(map(template.resourcesRoot().get("Globals")).get("Function"));
        assertThat(map(globals.get("LoggingConfig"))).containsEntry("LogFormat", "JSON");
        assertThat(map(map(template.resourcesRoot().get("Parameters")).get("LogRetentionDays"))).containsEntry("Default", 30);

        for (SamTemplate.FunctionSpec function : template.functions()) {
            String logGroup = ref(map(properties(function.logicalId()).get("LoggingConfig")).get("LogGroup"));
            assertThat(resource(logGroup)).as(function.logicalId() + " log group " + logGroup)
                    .containsEntry("Type", "AWS::Logs::LogGroup");
            assertThat(ref(properties(logGroup).get("RetentionInDays"))).as(logGroup).isEqualTo("LogRetentionDays");
        }
    }

    @Test
    void the_api_writes_access_logs_and_throttles_its_routes() {
        Map<String, Object> api = properties("HttpApi");
        Map<String, Object> accessLogs = map(api.get("AccessLogSettings"));
        String group = String.valueOf(map(accessLogs.get("DestinationArn")).get("GetAtt")).split("\\.")[0];
        assertThat(ref(properties(group).get("RetentionInDays"))).isEqualTo("LogRetentionDays");
        assertThat(accessLogs.get("Format").toString()).contains("$context.requestId").contains("$context.status")
                .contains("$context.routeKey").contains("$context.integrationErrorMessage");
        Map<String, Object> throttling = map(api.get("DefaultRouteSettings"));
        assertThat(throttling).containsKeys("ThrottlingRateLimit", "ThrottlingBurstLimit");
    }

    @Test
    void alarms_watch_dead_letters_5xx_lambda_errors_throttles_webhooks_and_reconcile_and_notify_the_topic() {
        List<String> alarms = resourcesOfType("AWS::CloudWatch::Alarm");
        List<String> watched = alarms.stream().map(id -> {
            Map<String, Object> p = properties(id);
            assertThat(p.get("AlarmActions").toString()).as(id + " notifies").contains("AlarmTopicArn");
            return (p.containsKey("MetricName") ? p.get("MetricName") + " " + p.get("Dimensions") : p.get("Metrics").toString());
        }).toList();

        assertThat(watched).anyMatch(w -> w.startsWith("ApproximateNumberOfMessagesVisible") && w.contains("StepDeadLetterQueue"));
        assertThat(watched).anyMatch(w -> w.startsWith("ApproximateNumberOfMessagesVisible") && w.contains("ReconcileDeadLetterQueue"));
        assertThat(watched).anyMatch(w -> w.startsWith("ApproximateNumberOfMessagesVisible") && w.contains("OverageReportDeadLetterQueue"));
        assertThat(watched).anyMatch(w -> w.startsWith("Invocations") && w.contains("FinetuneDeadLetterFunction"));
        assertThat(watched).anyMatch(w -> w.contains("MetricName=5xx") && w.contains("MetricName=Count") && w.contains("HttpApi"));
        assertThat(watched).anyMatch(w -> w.startsWith("Errors"));
        assertThat(watched).anyMatch(w -> w.startsWith("Throttles"));
        assertThat(watched).anyMatch(w -> w.startsWith("WebhookFailures"));
        Map<String, Object> filter = properties("WebhookFailuresMetric");
        assertThat(ref(filter.get("LogGroupName"))).isEqualTo("StripeWebhookLogs");
        assertThat(filter.get("FilterPattern").toString()).contains("$.status >= 400");
    }

    @Test
    void a_failed_scheduled_reconcile_lands_in_its_dead_letter_queue() {
        Map<String, Object> reconcile = properties("UsageReconcileFunction");
        Map<String, Object> onFailure = map(map(map(reconcile.get("EventInvokeConfig")).get("DestinationConfig")).get("OnFailure"));
        assertThat(onFailure.get("Destination").toString()).contains("ReconcileDeadLetterQueue");
        Map<String, Object> schedule = map(map(map(reconcile.get("Events")).get("Daily")).get("Properties"));
        assertThat(schedule.get("DeadLetterConfig").toString()).contains("ReconcileDeadLetterQueue");
    }

    @Test
    void cfn_lint_with_informational_checks_passes() throws IOException, InterruptedException {
        Path cfnLint = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "cfn-lint")).filter(Files::isExecutable).findFirst()
                .orElse(Path.of("/root/.pyenv/shims/cfn-lint"));
        assumeTrue(Files.isExecutable(cfnLint), "cfn-lint is not installed here (pip install cfn-lint); template not linted");

        Path template = RepoRoot.find().resolve("template.yaml");
        Process lint = new ProcessBuilder(cfnLint.toString(), "--include-checks", "I", "--", template.toString())
                .redirectErrorStream(true).start();
        String output = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(lint.waitFor(120, TimeUnit.SECONDS)).as("cfn-lint finished").isTrue();
        assertThat(lint.exitValue()).as(output).isZero();
    }
}
