package com.smeplug.chat.knowledge;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;

/**
 * The in-process sentence models that put questions and passages into one vector space, run by ONNX Runtime from
 * their jars: all-MiniLM-L6-v2 and e5-small-v2, both quantised (384 dimensions each). A vector here is both models'
 * unit vectors side by side, scaled by the square roots of their weights, so one dot product is the weighted sum of
 * the two cosines ({@link #cosine}); {@link #firstCosine} is MiniLM's alone, which the relevance rule was calibrated
 * with. e5 wants its inputs marked as a query or a passage.
 */
public final class SentenceModel {

    public static final String NAME = "all-minilm-l6-v2-q*0.3+e5-small-v2-q*0.7";

    static final int DIMENSIONS = 384;
    private static final float FIRST_WEIGHT = 0.3f;
    private static final float FIRST_SCALE = (float) Math.sqrt(FIRST_WEIGHT);
    private static final float SECOND_SCALE = (float) Math.sqrt(1 - FIRST_WEIGHT);

    private final EmbeddingModel first;
    private final EmbeddingModel second;

    private SentenceModel(EmbeddingModel first, EmbeddingModel second) {
        this.first = first;
        this.second = second;
    }

    /** The models run on the calling thread: a Lambda container answers one request at a time. */
    public static SentenceModel load() {
        return new SentenceModel(new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run),
                new E5SmallV2QuantizedEmbeddingModel(Runnable::run));
    }

    /** A question's vector. */
    public float[] embed(String question) {
        return joined(question, "query: " + question);
    }

    /** A passage's vector. */
    float[] embedPassage(String passage) {
        return joined(passage, "passage: " + passage);
    }

    private float[] joined(String firstText, String secondText) {
        float[] a = normalised(first.embed(firstText).content().vector());
        float[] b = normalised(second.embed(secondText).content().vector());
        float[] vector = new float[a.length + b.length];
        for (int i = 0; i < a.length; i++) {
            vector[i] = a[i] * FIRST_SCALE;
        }
        for (int i = 0; i < b.length; i++) {
            vector[a.length + i] = b[i] * SECOND_SCALE;
        }
        return vector;
    }

    /** The weighted sum of both models' cosines. */
    static float cosine(float[] a, float[] b) {
        return dot(a, b, 0, a.length);
    }

    /** MiniLM's cosine alone. */
    static float firstCosine(float[] a, float[] b) {
        return dot(a, b, 0, DIMENSIONS) / FIRST_WEIGHT;
    }

    private static float dot(float[] a, float[] b, int from, int to) {
        float dot = 0;
        for (int i = from; i < to; i++) {
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
