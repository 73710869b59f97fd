package com.smeplug.platform;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.smeplug.local.aws.RepoRoot;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.DeployedPackages;
import com.smeplug.testing.EventExpectation;
import com.smeplug.testing.HostNatives;
import com.smeplug.testing.LambdaBatch;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every event of infra/events through the Lambda handler of a JVM whose class path is only what Lambda gives that
 * function: the function zip's lib/ and the layers template.yaml attaches to it, unpacked from what mvn package built.
 * A function that needs a jar it is not deployed with (Lucene outside the functions that answer questions, the Bedrock
 * control plane in chat, a JSON library left out of the zip) fails here; {@link LambdaEventsIT} runs on Maven's full
 * class path and cannot see it. Events run in LambdaEventsIT's order against one table; consecutive events of
 * functions with the same layers share a JVM. Chat is also run in real-LLM mode against a local Converse server
 * (its Bedrock runtime layer is all it needs of Bedrock) and in real-Stripe mode (it queues overage, without the Stripe
 * layer), and the Stripe webhook in real mode, reading its secret from a local Secrets Manager at start-up (the secrets
 * layer).
 */
class PackagedFunctionsIT {

    /** Where Lambda unpacks a function's layers. */
    private static final String LAYERS_ROOT = "/opt/";

    static TestStack stack;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        stack = TestStack.start("packaged-functions", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void every_event_is_answered_with_only_the_jars_its_function_deploys() throws Exception {
        assertThat(DeployedPackages.BASE_ZIP).as("built by mvn package").exists();
        Map<String, List<Path>> layers = DeployedPackages.layersByFunction();
        Path runner = runnerJar();
        Path base = unzip(DeployedPackages.BASE_ZIP, dir.resolve("task"));

        List<String> failures = new ArrayList<>();
        List<Path> batch = new ArrayList<>();
        for (Path event : events()) {
            String definition = EventExpectation.definition(event);
            assertThat(layers).as("a function of template.yaml answers " + event.getFileName()).containsKey(definition);
            if (!batch.isEmpty() && !layers.get(definition).equals(layers.get(EventExpectation.definition(batch.get(0))))) {
                failures.addAll(run(batch, base, runner));
                batch.clear();
            }
            batch.add(event);
        }
        failures.addAll(run(batch, base, runner));

        assertThat(failures).as("events answered wrongly on their function's deployed class path").isEmpty();
    }

    @Test
    void chat_in_real_llm_mode_asks_converse_with_only_its_layers() throws Exception {
        WireMockServer bedrock = new WireMockServer(options().dynamicPort());
        bedrock.start();
        try {
            bedrock.stubFor(post(urlPathMatching("/model/[^/]+/converse")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json").withHeader("x-amzn-RequestId", "fixture-request")
                    .withBody(fixture("/chat/bedrock/answer-with-passage.json"))));
            Path base = unzip(DeployedPackages.BASE_ZIP, dir.resolve("task-llm"));
            Path event = RepoRoot.find().resolve("infra/events/chat.json");

            List<Path> layers = DeployedPackages.layersByFunction().get("chat");
            Map<String, String> variables = new HashMap<>(layerPaths("chat", layers));
            variables.putAll(Map.of("USE_REAL_LLM", "true", "LLM_MODEL_ID", "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
                    "BEDROCK_RUNTIME_ENDPOINT", bedrock.baseUrl()));
            List<String> failures = run(List.of(event), classPath(base, layers, runnerJar()), variables);

            assertThat(failures).isEmpty();
            assertThat(bedrock.findAll(postRequestedFor(urlPathMatching("/model/[^/]+/converse")))).as("Converse calls").hasSize(1);
            assertThat(Files.readString(dir.resolve("response-chat.json"))).contains("us.anthropic.claude-sonnet-4-5");
        }
        finally {
            bedrock.stop();
        }
    }

    /**
     * Real-Stripe chat carries no Stripe client: an answer past an overage plan's quota (professional's set to 0 here)
     * becomes a message on the overage report queue, which billingOverageReport reports to Stripe.
     */
    @Test
    void chat_in_real_stripe_mode_queues_its_overage_with_only_its_layers_and_no_stripe_sdk() throws Exception {
        List<Path> layers = DeployedPackages.layersByFunction().get("chat");
        assertThat(layers).as("chat's layers").noneMatch(layer -> layer.getFileName().toString().contains("stripe"));
        Path base = unzip(DeployedPackages.BASE_ZIP, dir.resolve("task"));
        // a request of its own: chat.json's request id may already be answered (and counted) by the events test
        ObjectNode request = (ObjectNode) Json.tree(Files.readString(RepoRoot.find().resolve("infra/events/chat.json")));
        ((ObjectNode) request.path("requestContext")).put("requestId", "overage-real-stripe");
        Path event = Files.createDirectories(dir.resolve("real-stripe")).resolve("chat.json");
        Files.writeString(event, Json.write(request));

        Map<String, String> variables = new HashMap<>(layerPaths("chat", layers));
        variables.putAll(Map.of("USE_REAL_STRIPE", "true", "PLAN_PROFESSIONAL_QUERY_QUOTA", "0"));
        List<String> failures = run(List.of(event), classPath(base, layers, runnerJar()), variables);

        assertThat(failures).isEmpty();
        String queue = stack.aws().queueUrl("OverageReportQueue");
        List<String> queued = stack.aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1))
                .messages().stream().map(software.amazon.awssdk.services.sqs.model.Message::body).toList();
        assertThat(queued).singleElement().satisfies(body -> assertThat(Json.tree(body).path("tenant_id").asString())
                .isEqualTo("lawfirm_alpha"));
    }

    @Test
    void the_stripe_webhook_in_real_mode_reads_its_secret_from_secrets_manager_with_only_its_layers() throws Exception {
        String arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:sme-plug/stripe-AbCdEf";
        WireMockServer secretsManager = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("platform/secretsmanager"));
        secretsManager.start();
        try {
            secretsManager.stubFor(post(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue"))
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBodyFile("get-secret-value-stripe.json")));
            Path base = unzip(DeployedPackages.BASE_ZIP, dir.resolve("task"));
            // an event whose signature is not the secret's: 400 (infra/events/stripeWebhook.expect.json), after start-up read it
            Path event = RepoRoot.find().resolve("infra/events/stripeWebhook.json");

            List<String> failures = run(List.of(event), classPath(base, DeployedPackages.layersByFunction().get("stripeWebhook"),
                    runnerJar()), Map.of("USE_REAL_STRIPE", "true", "STRIPE_SECRET_ARN", arn,
                            "SECRETSMANAGER_ENDPOINT", secretsManager.baseUrl(), "STRIPE_PRICE_STARTER", "price_starter_test",
                            "STRIPE_PRICE_PROFESSIONAL", "price_professional_test", "STRIPE_PRICE_ENTERPRISE",
                            "price_enterprise_test", "STRIPE_API_BASE", "http://127.0.0.1:9"));

            assertThat(failures).isEmpty();
            secretsManager.verify(1, postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("secretsmanager.GetSecretValue")));
        }
        finally {
            secretsManager.stop();
        }
    }

    private static String fixture(String resource) throws IOException {
        try (InputStream in = PackagedFunctionsIT.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Answers {@code events}, all of functions with the same layers, as deployed: class path and layer paths. */
    private static List<String> run(List<Path> events, Path base, Path runner) throws Exception {
        String definition = EventExpectation.definition(events.get(0));
        List<Path> layers = DeployedPackages.layersByFunction().get(definition);
        return run(events, classPath(base, layers, runner), layerPaths(definition, layers));
    }

    /**
     * The function's variables in template.yaml that name a path inside its layers (/opt/..., where Lambda unpacks
     * them), pointed at the same path in the layers unpacked here; a path that no layer holds is passed unchanged
     * (chat's SENTENCE_MODEL_DIR: the model then is nowhere on the class path, and chat fails here).
     */
    private static Map<String, String> layerPaths(String definition, List<Path> layerZips) throws IOException {
        SamTemplate.FunctionSpec function = SamTemplate.load().functions().stream()
                .filter(f -> f.definition().equals(definition)).findFirst().orElseThrow();
        Map<String, String> paths = new HashMap<>();
        for (Map.Entry<String, Object> variable : function.variables().entrySet()) {
            if (variable.getValue() instanceof String path && path.startsWith(LAYERS_ROOT)) {
                String value = path;
                for (Path layer : layerZips) {
                    Path inLayer = unpacked(layer).resolve(path.substring(LAYERS_ROOT.length()));
                    if (Files.exists(inLayer)) {
                        value = inLayer.toString();
                    }
                }
                paths.put(variable.getKey(), value);
            }
        }
        return paths;
    }

    /** Answers {@code events} in one JVM ({@code overrides}: variables beyond the stack's); what went wrong with each. */
    private static List<String> run(List<Path> events, String classPath, Map<String, String> overrides) throws Exception {
        Map<String, String> variables = new HashMap<>(stack.aws().functionVariables());
        variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
        variables.put("AUTH_MODE", "gateway");
        variables.put("logging.level.root", "WARN");
        variables.putAll(overrides);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        variables.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", classPath, LambdaBatch.class.getName()));
        List<Path> responses = new ArrayList<>();
        for (Path event : events) {
            Path response = dir.resolve("response-" + event.getFileName());
            Files.deleteIfExists(response);
            responses.add(response);
            command.addAll(List.of(EventExpectation.definition(event), event.toString(), response.toString()));
        }
        Path log = Files.createTempFile(dir, "jvm", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(240, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        List<String> failures = new ArrayList<>();
        if (!finished || process.exitValue() != 0) {
            failures.add(events + ": the JVM " + (finished ? "exited with " + process.exitValue() : "did not finish in 240 s")
                    + ": " + output);
        }
        for (int i = 0; i < events.size(); i++) {
            String name = events.get(i).getFileName().toString();
            if (!Files.exists(responses.get(i))) {
                failures.add(name + ": no answer");
                continue;
            }
            try {
                EventExpectation.check(events.get(i), Files.readString(responses.get(i)));
            }
            catch (AssertionError e) {
                failures.add(name + ": " + e.getMessage() + "\n" + output);
            }
        }
        return failures;
    }

    /** As Lambda builds it: the zip's lib/*, then each layer's java/lib/*; plus the runner's jar. */
    private static String classPath(Path base, List<Path> layerZips, Path runner) throws IOException {
        List<String> entries = new ArrayList<>(List.of(runner.toString(), base.resolve("lib") + File.separator + "*"));
        for (Path layer : layerZips) {
            entries.add(unpacked(layer).resolve("java/lib") + File.separator + "*");
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * A layer as Lambda unpacks it under /opt. The embeddings layer ships the natives of Lambda's arm64 as files (its
     * jars carry none); on another host, this host's natives from the libraries' full jars stand in for them, as files
     * beside them, and the layer's own jars and files are used as they are.
     */
    private static Path unpacked(Path layerZip) throws IOException {
        Path target = dir.resolve("layers").resolve(layerZip.getFileName().toString());
        boolean fresh = !Files.exists(target);
        unzip(layerZip, target);
        String arch = System.getProperty("os.arch");
        Path model = target.resolve("sentence-model");
        if (fresh && !arch.equals("aarch64") && Files.isDirectory(model.resolve("native/linux-aarch64"))) {
            HostNatives.copyInto(model, arch);
        }
        return target;
    }

    private static List<Path> events() throws IOException {
        try (Stream<Path> files = Files.list(RepoRoot.find().resolve("infra/events"))) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.toString().endsWith(".expect.json")).sorted().toList();
        }
    }

    /** A jar of the runner alone: everything else the JVM loads comes from the deployment. */
    private static Path runnerJar() throws Exception {
        Path classes = Path.of(LambdaBatch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = dir.resolve("runner.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        String name = LambdaBatch.class.getName().replace('.', '/') + ".class";
        int exit = ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err,
                "--create", "--file", jar.toString(), "-C", classes.toString(), name);
        assertThat(exit).as("jar tool").isZero();
        return jar;
    }

    private static Path unzip(Path zip, Path target) throws IOException {
        if (Files.exists(target)) {
            return target;
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(file.entries())) {
                Path out = target.resolve(entry.getName()).normalize();
                if (!out.startsWith(target)) {
                    throw new IOException("entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = file.getInputStream(entry)) {
                    Files.copy(in, out);
                }
            }
        }
        return target;
    }
}
