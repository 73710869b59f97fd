package com.smeplug.finetune;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fine-tune's port for the chat agent: the specialisation a tenant has published for a plug (the output of a
 * completed prompt-specialisation job, or a Bedrock custom model), if any. Only that tenant ever sees it.
 */
public interface Specialisations {

    /** The active version for the tenant and plug (read consistently, so an activation shows on the next request). */
    Optional<Specialisation> published(String tenantId, String plugId);

    /**
     * The model that serves this tenant and plug in real-LLM mode: the active version's custom model deployment ARN,
     * or empty when the base model serves (no active version, or a prompt specialisation).
     */
    default Optional<String> servingModel(String tenantId, String plugId) {
        return published(tenantId, plugId).map(Specialisation::deploymentArn);
    }

    /**
     * {@code customModelArn} and {@code deploymentArn} are set only for a Bedrock custom model (the deployment is
     * what inference calls); {@code exemplars} only for prompt specialisation.
     */
    record Specialisation(String tenantId, String plugId, String modelId, int version, List<Exemplar> exemplars,
            String customModelArn, Instant publishedAt, String deploymentArn) {

        public Specialisation(String tenantId, String plugId, String modelId, int version, List<Exemplar> exemplars,
                String customModelArn, Instant publishedAt) {
            this(tenantId, plugId, modelId, version, exemplars, customModelArn, publishedAt, null);
        }

        /**
         * The exemplar that answers {@code question}, if one matches closely enough: the answer chat serves and the
         * evaluate step scores (one matcher, {@link ExemplarMatcher}). Always empty for a custom model.
         */
        public Optional<Match> answerFor(String question) {
            return ExemplarMatcher.closest(question, exemplars);
        }
    }

    /** An exemplar answering a question: which one ({@code index} in the version's exemplars) and how closely. */
    record Match(Exemplar exemplar, int index, double similarity) {
    }

    record Exemplar(String prompt, String completion) {
    }
}
