package com.smeplug.chat.knowledge;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

/**
 * The in-process sentence model that puts questions and passages into one vector space: all-MiniLM-L6-v2, quantised,
 * run by ONNX Runtime from the model jar (384 dimensions, ~10 ms per question here). Vectors are unit length, so a dot
 * product is their cosine. Loading takes about a second: one instance per container, built in the init phase.
 */
public final class SentenceModel {

    public static final String NAME = "all-minilm-l6-v2-q";

    private final EmbeddingModel model;

    private SentenceModel(EmbeddingModel model) {
        this.model = model;
    }

    /** The model runs on the calling thread: a Lambda container answers one request at a time. */
    public static SentenceModel load() {
        return new SentenceModel(new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run));
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

    private static float[] normalised(float[] vector) {
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
}
