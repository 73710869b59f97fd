package com.smeplug.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;

import com.smeplug.testing.LambdaProcess;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The AOT cache's training run ({@link AotTraining}) on this machine's Temurin 25, with our classes in a jar as the
 * deployment zip ships them: it trains read-only, the cache it writes is used by the next JVM (our classes come from
 * it), and a cache from another build only costs speed — the JVM says so and still answers correctly.
 */
class AotTrainingIT {

    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");
    private static final Path PLUGS_EVENT = Path.of(System.getProperty("smeplug.repo.root", "..")).resolve("infra/events/plugs.json");

    static TestStack stack;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        stack = TestStack.start("aot-training", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void training_writes_a_cache_that_the_next_jvm_loads_our_classes_from_and_writes_nothing_to_the_table() throws Exception {
        String classPath = classPathWithAppJar(dir.resolve("build-1"));
        Path cache = dir.resolve("functions.aot");
        long itemsBefore = itemCount();

        Run training = java(classPath, List.of("-XX:AOTCacheOutput=" + cache, "-Dsmeplug.training.passes=3"),
                AotTraining.class.getName(), "plugs", "usage");

        assertThat(training.exit()).as(training.output()).isZero();
        assertThat(training.output()).contains("TRAINED plugs {200=").contains("TRAINED usage {200=");
        assertThat(cache).isNotEmptyFile();
        assertThat(itemCount()).as("items in the table after training").isEqualTo(itemsBefore);

        Run cached = answerPlugs(classPath, cache);
        assertThat(cached.response()).contains("\"statusCode\":200").contains("healthcare");
        assertThat(cached.output()).containsPattern("com\\.smeplug\\.platform\\.http\\.HttpFunctions source: shared objects file");
    }

    @Test
    void a_cache_from_another_build_costs_only_speed_the_function_still_answers() throws Exception {
        Path cache = dir.resolve("old-build.aot");
        Run training = java(classPathWithAppJar(dir.resolve("build-1")), List.of("-XX:AOTCacheOutput=" + cache,
                "-Dsmeplug.training.passes=1"), AotTraining.class.getName(), "plugs");
        assertThat(training.exit()).as(training.output()).isZero();

        // The next build: the same class path, but our jar is another file (rebuilt, another size and time).
        Thread.sleep(1_100);
        String rebuilt = classPathWithAppJar(dir.resolve("build-1"), "rebuilt.txt");
        Run stale = answerPlugs(rebuilt, cache);

        assertThat(stale.response()).contains("\"statusCode\":200").contains("healthcare");
        assertThat(stale.output()).doesNotContainPattern("com\\.smeplug\\.platform\\.http\\.HttpFunctions source: shared objects file")
                .containsPattern("com\\.smeplug\\.platform\\.http\\.HttpFunctions source: .*sme-plug-functions\\.jar");
    }

    private Run answerPlugs(String classPath, Path cache) throws Exception {
        Path response = dir.resolve("response-" + System.nanoTime() + ".json");
        return java(classPath, List.of("-XX:AOTCache=" + cache, "-Xlog:class+load=info"),
                LambdaProcess.class.getName(), "plugs", PLUGS_EVENT.toString(), response.toString()).withResponse(response);
    }

    /**
     * This JVM's class path with each directory replaced by a jar of it (a cache covers only classes from jars, and
     * a cache cannot be made with a non-empty directory on the class path). {@code extraEntries} are files added to
     * the jar of our classes (functions/target/classes), making it another build's.
     */
    private static String classPathWithAppJar(Path buildDir, String... extraEntries) throws IOException {
        Files.createDirectories(buildDir);
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!Files.isDirectory(Path.of(entry))) {
                entries.add(entry);
                continue;
            }
            boolean ours = entry.replace('\\', '/').endsWith("functions/target/classes");
            Path jar = buildDir.resolve(ours ? "sme-plug-functions.jar" : "dir-" + entries.size() + ".jar");
            List<String> jarArgs = new ArrayList<>(List.of("--create", "--file", jar.toString(), "-C", entry, "."));
            for (String extra : ours ? extraEntries : new String[0]) {
                Files.writeString(buildDir.resolve(extra), "another build");
                jarArgs.addAll(List.of("-C", buildDir.toString(), extra));
            }
            int exit = ToolProvider.findFirst("jar").orElseThrow().run(System.out, System.err, jarArgs.toArray(String[]::new));
            assertThat(exit).as("jar tool").isZero();
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static Run java(String classPath, List<String> options, String mainClass, String... args) throws Exception {
        assumeTrue(Files.isExecutable(JAVA_25), "Temurin 25 is not installed at " + JAVA_25);
        Map<String, String> variables = new HashMap<>(stack.aws().functionVariables());
        variables.put("MAIN_CLASS", "com.smeplug.SmePlugApplication");
        variables.put("AUTH_MODE", "gateway");
        variables.put("logging.level.root", "WARN");
        // the JVM options of infra/image/lambda-java that matter here: C1 only, serial GC, Spring AOT's bean definitions
        List<String> command = new ArrayList<>(List.of(JAVA_25.toString(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dspring.aot.enabled=true"));
        command.addAll(options);
        variables.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.addAll(List.of("-cp", classPath, mainClass));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("aot-training", ".log");
        String output;
        int exitValue;
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(240, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("did not finish in 240 s: " + Files.readString(log));
            }
            output = Files.readString(log, StandardCharsets.UTF_8);
            exitValue = process.exitValue();
        } finally {
            Files.deleteIfExists(log);
        }
        System.out.println(output.lines().filter(line -> !line.contains(" source: ")).collect(Collectors.joining("\n")));
        return new Run(exitValue, output, null);
    }

    private long itemCount() {
        return stack.table().client().scan(ScanRequest.builder().tableName(stack.table().name()).build()).count();
    }

    record Run(int exit, String output, String response) {
        Run withResponse(Path file) throws IOException {
            return new Run(exit, output, Files.exists(file) ? Files.readString(file) : "(no response; output: "
                    + output.lines().filter(l -> !l.contains("source:")).collect(Collectors.joining("\n")) + ")");
        }
    }
}
