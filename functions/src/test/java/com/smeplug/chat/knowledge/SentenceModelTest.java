package com.smeplug.chat.knowledge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.config.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sentence model loaded from the embeddings layer's files (what chat runs on Lambda) gives exactly the vectors of
 * the model jar (what the build's passage vectors were computed with), so retrieval scores do not depend on where the
 * model was loaded from.
 */
class SentenceModelTest {

    @TempDir
    static Path layer;

    static SentenceModel fromJar;

    @BeforeAll
    static void load() throws IOException {
        copyFromJar(SentenceModel.MODEL_FILE, layer);
        copyFromJar(SentenceModel.TOKENIZER_FILE, layer);
        fromJar = SentenceModel.load();
    }

    @Test
    void loading_the_model_never_reports_this_host_to_djls_telemetry() throws ReflectiveOperationException {
        SentenceModel.load(new Settings(Map.of(SentenceModel.DIR_SETTING, layer.toString())::get)).embed("A stolen laptop");

        // this JVM's first load may have come through load() instead; NativeLibrariesTest checks the layer's path alone
        assertThat(djlCheckIn()).as("DJL's last telemetry check-in").isZero();
    }

    /** DJL stamps this just before it asks the EC2 metadata service who the host is, to report it; 0: it never asked. */
    static long djlCheckIn() throws ReflectiveOperationException {
        Field checkedIn = Class.forName("ai.djl.util.Ec2Utils").getDeclaredField("lastCheckIn");
        checkedIn.setAccessible(true);
        return checkedIn.getLong(null);
    }

    @Test
    void the_layer_files_give_exactly_the_vectors_of_the_model_jar() throws IOException {
        SentenceModel fromFiles = SentenceModel.load(new Settings(Map.of(SentenceModel.DIR_SETTING, layer.toString())::get));

        for (String sentence : sentences()) {
            assertThat(fromFiles.embed(sentence)).as(sentence).hasSize(384).containsExactly(fromJar.embed(sentence));
        }
    }

    @Test
    void the_model_in_the_directory_is_the_one_loaded() throws IOException {
        Path broken = Files.createDirectories(layer.resolveSibling(layer.getFileName() + "-broken"));
        Files.writeString(broken.resolve(SentenceModel.MODEL_FILE), "not an onnx model");
        copyFromJar(SentenceModel.TOKENIZER_FILE, broken);

        assertThatThrownBy(() -> SentenceModel.load(broken)).hasMessageContaining("onnx");
    }

    @Test
    void without_the_layer_directory_the_model_comes_from_the_jar() throws IOException {
        SentenceModel absent = SentenceModel.load(new Settings(Map.of(SentenceModel.DIR_SETTING, "/no/such/sentence-model")::get));

        String sentence = sentences().get(0);
        assertThat(absent.embed(sentence)).containsExactly(fromJar.embed(sentence));
    }

    private static List<String> sentences() throws IOException {
        try (InputStream in = SentenceModelTest.class.getResourceAsStream("/chat/sentences/embedded.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static void copyFromJar(String resource, Path dir) throws IOException {
        try (InputStream in = SentenceModel.class.getResourceAsStream("/" + resource)) {
            Files.copy(in, dir.resolve(resource));
        }
    }
}
