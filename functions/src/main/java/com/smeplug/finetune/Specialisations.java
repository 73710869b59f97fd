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
    }

    record Exemplar(String prompt, String completion) {
    }
}
