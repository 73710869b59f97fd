package com.smeplug.finetune;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fine-tune's port for the chat agent: the specialisation a tenant has published for a plug (the output of a
 * completed prompt-specialisation job, or a Bedrock custom model), if any. Only that tenant ever sees it.
 */
public interface Specialisations {

    Optional<Specialisation> published(String tenantId, String plugId);

    /** {@code customModelArn} is set only for a Bedrock custom model; {@code exemplars} for prompt specialisation. */
    record Specialisation(String tenantId, String plugId, String modelId, int version, List<Exemplar> exemplars,
            String customModelArn, Instant publishedAt) {
    }

    record Exemplar(String prompt, String completion) {
    }
}
