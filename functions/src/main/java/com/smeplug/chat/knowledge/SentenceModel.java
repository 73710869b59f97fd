package com.smeplug.chat.knowledge;

import java.nio.file.Files;
import java.nio.file.Path;

import com.smeplug.platform.config.Settings;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;

/**
 * The in-process sentence model that puts questions and passages into one vector space: all-MiniLM-L6-v2, quantised,
 * run by ONNX Runtime (384 dimensions, ~10 ms per question here). Vectors are unit length, so a dot product is their
 * cosine. One instance per container, built in the init phase.
 *
 * <p>On Lambda the embeddings layer ships the model and its tokenizer as plain files in one directory, named by
 * {@code SENTENCE_MODEL_DIR}: ONNX Runtime opens the model's file instead of this process inflating 23 MB out of a
 * jar (about 200 ms of a cold start here). The native libraries (ONNX Runtime, the Hugging Face tokenizer) found in its
 * {@code native/linux-aarch64/} are loaded from there too, through each library's own setting, instead of being
 * unpacked into /tmp ({@link NativeLibraries}).
 * Without the directory (tests, the local stack, the build's passage vectors) the model and tokenizer come from
 * langchain4j's model jar. Both paths run langchain4j's same encoder (the same tokenizer with padding off, mean
 * pooling, the same ONNX session options), so the vectors are the same (SentenceModelTest).
 */
public final class SentenceModel {

    public static final String NAME = "all-minilm-l6-v2-q";
    static final String DIR_SETTING = "SENTENCE_MODEL_DIR";
    static final String MODEL_FILE = NAME + ".onnx";
    static final String TOKENIZER_FILE = NAME + "-tokenizer.json";
    /**
     * DJL's documented opt-out of its telemetry (an environment variable or system property; the environment wins).
     * Loading its tokenizer otherwise "calls home": it asks the EC2 instance-metadata service for the host's instance id
     * and region and, given them, reports them with DJL's version to a telemetry bucket on S3. A function that holds
     * tenants' questions makes no outside call it does not need; the probe also cost ~30 ms of each model load here
     * (once per container, or per SnapStart snapshot), and up to DJL's 1 s connect timeout per request where the
     * metadata address does not answer.
     */
    static final String DJL_TELEMETRY_OPT_OUT = "OPT_OUT_TRACKING";

    private final EmbeddingModel model;

    private SentenceModel(EmbeddingModel model) {
        this.model = model;
    }

    /**
     * From the embeddings layer's directory, {@code SENTENCE_MODEL_DIR} (template.yaml: /opt/sentence-model), when it
     * is there; else (tests, the local stack) from the model jar, the libraries unpacking their natives as by default.
     */
    public static SentenceModel load(Settings settings) {
        String dir = settings.get(DIR_SETTING, "");
        return dir.isEmpty() ? load() : load(Path.of(dir));
    }

    /** From langchain4j's model jar; the model runs on the calling thread (a container answers one request at a time). */
    public static SentenceModel load() {
        withoutTelemetry();
        return new SentenceModel(FromJar.model());
    }

    /**
     * From a directory laid out as the embeddings layer's: each native library found there is loaded from its file,
     * and the model with its tokenizer from their files if both are there; what is not there comes from the jars.
     */
    static SentenceModel load(Path dir) {
        if (!Files.isDirectory(dir)) {
            return load();
        }
        withoutTelemetry();
        NativeLibraries.preferFilesIn(dir);
        Path modelFile = dir.resolve(MODEL_FILE);
        Path tokenizerFile = dir.resolve(TOKENIZER_FILE);
        if (Files.isRegularFile(modelFile) && Files.isRegularFile(tokenizerFile)) {
            return new SentenceModel(new OnnxEmbeddingModel(modelFile, tokenizerFile, PoolingMode.MEAN, Runnable::run));
        }
        return load();
    }

    private static void withoutTelemetry() {
        System.setProperty(DJL_TELEMETRY_OPT_OUT, "true");
    }

    public float[] embed(String text) {
        return normalised(model.embed(text).content().vector());
    }

    static float cosine(float[] a, float[] b) {
        float dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }

    static float[] normalised(float[] vector) {
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] * scale;
        }
        return unit;
    }

    /** Its own class, so the model jar (absent from the embeddings layer) is touched only on this path. */
    private static final class FromJar {
        static EmbeddingModel model() {
            try {
                return new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
            }
            catch (NoClassDefFoundError e) {
                throw new IllegalStateException("no sentence model: neither " + DIR_SETTING + " names a directory with "
                        + MODEL_FILE + " and " + TOKENIZER_FILE + " (the embeddings layer's /opt/sentence-model) nor is "
                        + "langchain4j's model jar on the class path", e);
            }
        }
    }
}
