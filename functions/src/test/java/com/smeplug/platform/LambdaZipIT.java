package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.testing.DeployedPackages;
import org.junit.jupiter.api.Test;

/**
 * What the deployed function code holds, read from the built Lambda zip and layers (package runs before the
 * integration tests). A token: no JWT library, no dev verifier, no HS256 anywhere, and the one authenticator reads only
 * the claims API Gateway verified — the user — never a tenant claim a client could choose. Size (issue 19): the zip
 * every function deploys holds nothing only some functions load — retrieval (Lucene, the knowledge packs, the sentence
 * model and its vectors) is in the layers of the functions that answer questions — and stays within its budget, as
 * does chat with its layers. (That each function still works with only what it deploys: PackagedFunctionsIT.)
 */
class LambdaZipIT {

    static final Path ZIP = RepoRoot.find().resolve("functions/target/sme-plug-lambda.zip");
    static final String AUTHENTICATOR = "com/smeplug/platform/auth/GatewayClaimsAuthenticator.class";

    @Test
    void the_lambda_zip_holds_no_token_verifier_no_hs256_and_no_tenant_claim_reader() throws IOException {
        assertThat(ZIP).as("built by mvn package").exists();
        List<String> entries = new ArrayList<>();
        List<String> offending = new ArrayList<>();
        byte[] authenticator = null;
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                entries.add(entry.getName());
                if (entry.getName().endsWith(".class")) {
                    byte[] bytes = zip.getInputStream(entry).readAllBytes();
                    scan(entry.getName(), bytes, offending);
                    if (entry.getName().equals(AUTHENTICATOR)) {
                        authenticator = bytes;
                    }
                }
                else if (entry.getName().endsWith(".jar")) {
                    try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                        for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                            if (inner.getName().endsWith(".class")) {
                                byte[] bytes = jar.readAllBytes();
                                scan(entry.getName() + "!" + inner.getName(), bytes, offending);
                                // our own classes ship as lib/sme-plug-functions.jar (an AOT cache covers only jars)
                                if (inner.getName().equals(AUTHENTICATOR)) {
                                    authenticator = bytes;
                                }
                            }
                        }
                    }
                }
            }
        }
        assertThat(entries).as("JWT libraries in the zip")
                .noneMatch(name -> name.contains("java-jwt") || name.contains("jjwt") || name.contains("nimbus-jose")
                        || name.contains("com/auth0/"));
        assertThat(entries).as("dev token classes").noneMatch(name -> name.contains("DevToken"));
        assertThat(offending).as("classes that name HS256, a dev secret or a JWT library").isEmpty();
        assertThat(authenticator).as("the gateway claims authenticator is the token path").isNotNull();
        String constants = new String(authenticator, StandardCharsets.ISO_8859_1);
        assertThat(constants).contains("sub", "email_verified").doesNotContain("tenant_id", "TENANT_CLAIM");
    }

    /** Issue 19: "Base zip ≤ 25 MB" (the file uploaded; 1 MB = 10^6 bytes here, the stricter reading). */
    static final long FUNCTION_ZIP_LIMIT = 25_000_000;

    /** Issue 17 and 19: chat with its layers stays within its size before either issue, 94 MB unpacked. */
    static final long CHAT_UNZIPPED_LIMIT = 94_000_000;

    /** The functions that answer questions: chat, and the fine-tune step that scores against chat's offline answer. */
    static final List<String> ANSWERING = List.of("chat", "finetuneStep");

    @Test
    void the_function_zip_holds_no_retrieval_no_knowledge_packs_and_no_sentence_model() throws IOException {
        List<String> libraries = new ArrayList<>();
        List<String> ourJar = new ArrayList<>();
        try (ZipFile zip = new ZipFile(ZIP.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                libraries.add(entry.getName());
                if (entry.getName().equals("lib/sme-plug-functions.jar")) {
                    ourJar.addAll(entriesOfJar(zip, entry));
                }
            }
        }
        assertThat(libraries).as("jars of retrieval in the zip every function deploys")
                .noneMatch(name -> name.matches("lib/(lucene|langchain4j|onnxruntime|tokenizers|api|jna)-.*"));
        assertThat(ourJar).as("our jar").contains("com/smeplug/platform/http/HttpFunctions.class")
                .noneMatch(name -> name.startsWith("plugs/knowledge/") || name.equals("chat/thesaurus.txt")
                        || name.equals("chat/passage-vectors.bin"));
    }

    @Test
    void only_the_functions_that_answer_questions_deploy_lucene_and_the_knowledge_packs() throws IOException {
        List<String> withRetrieval = new ArrayList<>();
        for (Map.Entry<String, List<Path>> function : DeployedPackages.layersByFunction().entrySet()) {
            for (Path layer : function.getValue()) {
                try (ZipFile zip = new ZipFile(layer.toFile())) {
                    if (Collections.list(zip.entries()).stream().anyMatch(e -> e.getName().matches(
                            "java/lib/(lucene-core-.*|sme-plug-knowledge)\\.jar"))) {
                        withRetrieval.add(function.getKey());
                    }
                }
            }
        }
        assertThat(withRetrieval).containsExactlyInAnyOrderElementsOf(ANSWERING);
    }

    /**
     * The sentence model and its tokenizer ship as plain files of the embeddings layer, which ONNX Runtime opens by
     * path (a jar would be inflated at every cold start: about 200 ms here), and so do the native libraries Lambda's
     * arm64 loads (else copied out of their jars into /tmp at every cold start: ~30 MB); the jars carry no native
     * library of any platform. The functions that answer questions are pointed at them where Lambda unpacks the layer.
     */
    @Test
    void the_sentence_model_ships_as_files_and_the_functions_that_answer_questions_are_pointed_at_them() throws IOException {
        Map<String, SamTemplate.FunctionSpec> functions = new TreeMap<>();
        SamTemplate.load().functions().forEach(f -> functions.put(f.definition(), f));
        for (String function : ANSWERING) {
            List<String> entries = new ArrayList<>();
            List<String> inJars = new ArrayList<>();
            for (Path layer : DeployedPackages.layersByFunction().get(function)) {
                try (ZipFile zip = new ZipFile(layer.toFile())) {
                    for (ZipEntry entry : Collections.list(zip.entries())) {
                        entries.add(entry.getName());
                        if (entry.getName().endsWith(".jar")) {
                            entriesOfJar(zip, entry).forEach(inner -> inJars.add(entry.getName() + "!" + inner));
                        }
                    }
                }
            }
            assertThat(inJars).as(function + "'s layers' jars").isNotEmpty()
                    .noneMatch(name -> name.matches(".*\\.(so|dylib|dll|pdb)"));
            assertThat(entries).as(function + "'s layers").contains("sentence-model/all-minilm-l6-v2-q.onnx",
                    "sentence-model/all-minilm-l6-v2-q-tokenizer.json",
                    "sentence-model/native/linux-aarch64/libonnxruntime.so",
                    "sentence-model/native/linux-aarch64/libonnxruntime4j_jni.so",
                    "sentence-model/native/linux-aarch64/libtokenizers.so")
                    .noneMatch(name -> name.matches("java/lib/langchain4j-embeddings-all-minilm-.*\\.jar"))
                    // without JNA, DJL skips its CUDA probe (~90 ms of the tokenizer's start): no GPU on Lambda
                    .noneMatch(name -> name.matches("java/lib/.*jna.*\\.jar"));
            assertThat(functions.get(function).variables()).as(function + "'s variables")
                    .containsEntry("SENTENCE_MODEL_DIR", "/opt/sentence-model");
        }
    }

    @Test
    void the_function_zip_and_chat_with_its_layers_stay_within_their_size_budgets() throws IOException {
        Map<String, Long> unzipped = new TreeMap<>();
        DeployedPackages.layersByFunction().keySet().forEach(f -> unzipped.put(f, DeployedPackages.unzippedBytes(f)));
        Map<String, String> megabytes = new TreeMap<>();
        unzipped.forEach((f, bytes) -> megabytes.put(f, "%.2f".formatted(bytes / 1e6)));
        System.out.printf("function zip %.2f MB zipped, %.2f MB unzipped; each function with its layers, unzipped (MB): %s%n",
                Files.size(ZIP) / 1e6, DeployedPackages.unzippedBytes(ZIP) / 1e6, megabytes);

        assertThat(Files.size(ZIP)).as("function zip, bytes").isLessThanOrEqualTo(FUNCTION_ZIP_LIMIT);
        assertThat(unzipped.get("chat")).as("chat with its layers, unzipped bytes").isLessThanOrEqualTo(CHAT_UNZIPPED_LIMIT);
    }

    /** Only the functions that call Stripe deploy it: chat queues its overage reports for billingOverageReport. */
    @Test
    void chat_deploys_no_stripe_sdk_and_the_overage_reporter_does() throws IOException {
        Map<String, List<Path>> layers = DeployedPackages.layersByFunction();
        List<String> chatJars = new ArrayList<>(jarsIn(ZIP, "lib/"));
        for (Path layer : layers.get("chat")) {
            chatJars.addAll(jarsIn(layer, "java/lib/"));
        }
        assertThat(chatJars).as("chat's jars").noneMatch(jar -> jar.startsWith("stripe-java-"));
        List<String> reporterJars = new ArrayList<>();
        for (Path layer : layers.get("billingOverageReport")) {
            reporterJars.addAll(jarsIn(layer, "java/lib/"));
        }
        assertThat(reporterJars).as("billingOverageReport's layers").anyMatch(jar -> jar.startsWith("stripe-java-"));
    }

    /** The names of the entries of {@code jar}, a jar inside {@code zip}. */
    private static List<String> entriesOfJar(ZipFile zip, ZipEntry jar) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(zip.getInputStream(jar))) {
            for (ZipEntry inner = in.getNextEntry(); inner != null; inner = in.getNextEntry()) {
                names.add(inner.getName());
            }
        }
        return names;
    }

    /** A function whose variables (template.yaml) switch on a real client must deploy that client's jars. */
    static final Map<String, List<String>> CLIENT_JARS = Map.of(
            "CONNECTIONS_KMS_KEY", List.of("kms-"),
            "[A-Z]+_SECRET_ARN", List.of("secretsmanager-"),
            "STRIPE_SECRET_ARN", List.of("stripe-java-"),
            "USE_REAL_FINETUNE", List.of("bedrock-", "s3-"),
            "USE_REAL_LLM", List.of("bedrockruntime-"));

    @Test
    void every_function_deploys_the_clients_its_variables_can_switch_on() throws IOException {
        Map<String, List<Path>> layers = DeployedPackages.layersByFunction();
        List<String> missing = new ArrayList<>();
        for (SamTemplate.FunctionSpec function : SamTemplate.load().functions()) {
            List<String> jars = new ArrayList<>(jarsIn(ZIP, "lib/"));
            for (Path layer : layers.get(function.definition())) {
                jars.addAll(jarsIn(layer, "java/lib/"));
            }
            CLIENT_JARS.forEach((variable, prefixes) -> {
                if (function.variables().keySet().stream().anyMatch(name -> name.matches(variable))) {
                    prefixes.stream().filter(prefix -> jars.stream().noneMatch(jar -> jar.matches(prefix + "[0-9].*\\.jar")))
                            .forEach(prefix -> missing.add(function.definition() + " (" + variable + "): " + prefix + "*.jar"));
                }
            });
        }
        assertThat(missing).as("clients a function can switch on but does not deploy").isEmpty();
    }

    private static List<String> jarsIn(Path zip, String directory) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return Collections.list(file.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith(directory) && name.endsWith(".jar"))
                    .map(name -> name.substring(directory.length())).toList();
        }
    }

    private static void scan(String name, byte[] classFile, List<String> offending) {
        String constants = new String(classFile, StandardCharsets.ISO_8859_1);
        for (String marker : List.of("HS256", "HMAC256", "DEV_JWT_SECRET", "com/auth0/jwt", "com/nimbusds/jose")) {
            if (constants.contains(marker)) {
                offending.add(name + " (" + marker + ")");
            }
        }
    }
}
