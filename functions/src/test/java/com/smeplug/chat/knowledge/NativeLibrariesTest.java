package com.smeplug.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.smeplug.testing.HostNatives;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With this host's native libraries as files in the sentence-model directory's {@code native/linux-<arch>/} (as the
 * embeddings layer ships Lambda's in {@code native/linux-aarch64/}), a fresh JVM loads the model without unpacking any
 * of them: nothing lands in its temporary directory or DJL's cache. Another platform's files there are never loaded.
 */
class NativeLibrariesTest {

    @TempDir
    Path work;

    @Test
    void a_fresh_jvm_loads_the_natives_from_the_directory_and_unpacks_nothing() throws Exception {
        assumeTrue(HostNatives.available(), "natives for this host");
        Path model = Files.createDirectories(work.resolve("sentence-model"));
        Path dir = HostNatives.copyInto(model, System.getProperty("os.arch"));
        copyFromJar(SentenceModel.MODEL_FILE, model);
        copyFromJar(SentenceModel.TOKENIZER_FILE, model);

        String output = loadInFreshJvm(model);

        assertThat(output).contains("embedded 384", NativeLibraries.ONNX_RUNTIME + "=" + dir,
                NativeLibraries.TOKENIZERS + "=" + dir.resolve("libtokenizers.so"), "djl telemetry check-in=0");
        assertThat(filesUnder(work.resolve("tmp"), work.resolve("djl"))).as("natives unpacked by the JVM").isEmpty();
    }

    @Test
    void natives_of_another_platform_are_left_alone_and_the_jars_natives_load() throws Exception {
        assumeTrue(HostNatives.available(), "natives for this host");
        Path model = Files.createDirectories(work.resolve("sentence-model"));
        HostNatives.copyInto(model, HostNatives.otherArch());
        copyFromJar(SentenceModel.MODEL_FILE, model);
        copyFromJar(SentenceModel.TOKENIZER_FILE, model);

        String output = loadInFreshJvm(model);

        assertThat(output).contains("embedded 384", NativeLibraries.ONNX_RUNTIME + "=null",
                NativeLibraries.TOKENIZERS + "=null");
    }

    /** A child JVM loads the model from the directory and embeds a sentence; its output (exit 0 asserted). */
    private String loadInFreshJvm(Path dir) throws Exception {
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path djl = Files.createDirectories(work.resolve("djl"));

        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-Dlogging.level.root=WARN", "-cp", deployedClassPath(),
                LoadFromDirectory.class.getName(), dir.toString());
        builder.environment().put("DJL_CACHE_DIR", djl.toString());
        builder.environment().remove("RUST_LIBRARY_PATH");
        Path log = work.resolve("jvm.log");
        Process process = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the JVM finished").isTrue();
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    /** This test's class path without JNA, which the embeddings layer does not ship (DJL then skips its CUDA probe). */
    private static String deployedClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(entry -> !entry.replace('\\', '/').matches(".*/jna-[0-9][^/]*\\.jar")).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static List<String> filesUnder(Path... roots) throws IOException {
        List<String> files = new java.util.ArrayList<>();
        for (Path root : roots) {
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(Files::isRegularFile).map(Path::toString).forEach(files::add);
            }
        }
        return files;
    }

    private static void copyFromJar(String name, Path dir) throws IOException {
        try (InputStream in = NativeLibrariesTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name + " on the test class path").isNotNull();
            Files.copy(in, dir.resolve(name));
        }
    }

    /** The child JVM: the model from the directory, one sentence embedded, the settings it was given. */
    static final class LoadFromDirectory {
        public static void main(String[] args) throws ReflectiveOperationException {
            float[] vector = SentenceModel.load(Path.of(args[0])).embed("What are the HIPAA technical safeguards?");
            System.out.println("embedded " + vector.length);
            for (String setting : List.of(NativeLibraries.ONNX_RUNTIME, NativeLibraries.TOKENIZERS)) {
                System.out.println(setting + "=" + System.getProperty(setting));
            }
            // the layer's path alone, in a JVM of its own: DJL stamps this before it asks who the host is (0: never)
            System.out.println("djl telemetry check-in=" + SentenceModelTest.djlCheckIn());
        }
    }
}
