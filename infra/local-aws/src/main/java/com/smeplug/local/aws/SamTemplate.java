package com.smeplug.local.aws;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The parts of {@code template.yaml} that the local stack and the tests need: functions with their definition,
 * variables and events, the table's keys and TTL, and the queues. Reading the template itself keeps local routing
 * and resources from drifting away from what is deployed.
 */
public final class SamTemplate {

    /** {@code open}: the route's {@code Auth.Authorizer} is {@code NONE}, so API Gateway checks no token for it. */
    public record HttpRoute(String method, String path, boolean open) {
    }

    public record FunctionSpec(String logicalId, String definition, Map<String, Object> variables,
            List<HttpRoute> routes, List<String> sqsQueues, List<String> schedules, List<Object> policies,
            List<String> responseTypes) {
    }

    public record QueueSpec(String logicalId, Map<String, Object> properties) {

        public Integer visibilityTimeout() {
            Object value = properties.get("VisibilityTimeout");
            return value == null ? null : Integer.valueOf(value.toString());
        }

        /** The logical id of the dead-letter queue, if a redrive policy names one. */
        public String deadLetterQueue() {
            Object redrive = properties.get("RedrivePolicy");
            if (redrive instanceof Map<?, ?> policy && policy.get("deadLetterTargetArn") instanceof Map<?, ?> arn) {
                Object getAtt = arn.get("GetAtt");
                return getAtt == null ? null : getAtt.toString().split("\\.")[0];
            }
            return null;
        }

        public Integer maxReceiveCount() {
            Object redrive = properties.get("RedrivePolicy");
            if (redrive instanceof Map<?, ?> policy && policy.get("maxReceiveCount") != null) {
                return Integer.valueOf(policy.get("maxReceiveCount").toString());
            }
            return null;
        }
    }

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate load() {
        return load(RepoRoot.find().resolve("template.yaml"));
    }

    public static SamTemplate load(Path file) {
        try (Reader reader = Files.newBufferedReader(file)) {
            Yaml yaml = new Yaml(new CloudFormationConstructor());
            return new SamTemplate(yaml.load(reader));
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    public Map<String, Object> resourcesRoot() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root.get("Resources"));
    }

    public Map<String, Object> globalVariables() {
        return map(map(map(map(map(root.get("Globals")).get("Function")).get("Environment"))).get("Variables"));
    }

    public List<FunctionSpec> functions() {
        List<FunctionSpec> functions = new ArrayList<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = map(resource.get("Properties"));
            Map<String, Object> variables = new LinkedHashMap<>(map(map(properties.get("Environment")).get("Variables")));
            List<HttpRoute> routes = new ArrayList<>();
            List<String> queues = new ArrayList<>();
            List<String> schedules = new ArrayList<>();
            List<String> responseTypes = new ArrayList<>();
            map(properties.get("Events")).values().forEach(eventValue -> {
                Map<String, Object> event = map(eventValue);
                Map<String, Object> eventProperties = map(event.get("Properties"));
                switch (String.valueOf(event.get("Type"))) {
                    case "HttpApi" -> routes.add(new HttpRoute(String.valueOf(eventProperties.get("Method")),
                            String.valueOf(eventProperties.get("Path")),
                            "NONE".equals(String.valueOf(map(eventProperties.get("Auth")).get("Authorizer")))));
                    case "SQS" -> {
                        queues.add(map(eventProperties.get("Queue")).get("GetAtt").toString().split("\\.")[0]);
                        Object types = eventProperties.get("FunctionResponseTypes");
                        if (types instanceof List<?> list) {
                            list.forEach(t -> responseTypes.add(t.toString()));
                        }
                    }
                    case "Schedule", "ScheduleV2" -> schedules.add(String.valueOf(eventProperties.get("Schedule")));
                    default -> { }
                }
            });
            Object policies = properties.get("Policies");
            functions.add(new FunctionSpec(id, String.valueOf(variables.get("SPRING_CLOUD_FUNCTION_DEFINITION")),
                    variables, routes, queues, schedules, policies instanceof List<?> l ? List.copyOf(l) : List.of(),
                    responseTypes));
        });
        return functions;
    }

    public Map<String, Object> tableProperties() {
        return map(map(resources().get("Table")).get("Properties"));
    }

    public List<QueueSpec> queues() {
        List<QueueSpec> queues = new ArrayList<>();
        resources().forEach((id, value) -> {
            Map<String, Object> resource = map(value);
            if ("AWS::SQS::Queue".equals(resource.get("Type"))) {
                queues.add(new QueueSpec(id, map(resource.get("Properties"))));
            }
        });
        return queues;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** Reads CloudFormation's short tags ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub ...}) as {@code {Ref: X}}. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        CloudFormationConstructor() {
            super(new LoaderOptions());
            this.yamlConstructors.put(null, new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    String tag = node.getTag().getValue().replaceFirst("^!", "");
                    Object value;
                    if (node instanceof ScalarNode scalar) {
                        value = scalar.getValue();
                    }
                    else if (node instanceof SequenceNode sequence) {
                        value = constructSequence(sequence);
                    }
                    else {
                        value = constructMapping((org.yaml.snakeyaml.nodes.MappingNode) node);
                    }
                    return Map.of(tag, value);
                }
            });
        }
    }
}
