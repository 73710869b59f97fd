package com.smeplug.finetune;

import java.time.Instant;
import java.util.List;

import com.smeplug.finetune.Specialisations.Specialisation;

/**
 * One version of a tenant's specialisation as {@code GET /finetune/models} lists it. {@code score} is the version's
 * hold-out score ({@code metric} says which) and null when its method measured none (a Bedrock custom model);
 * {@code mock_mode} is true for a prompt specialisation (computed here, no model trained).
 */
record ModelView(int version, String plugId, boolean active, String method, Double score, Double baselineScore,
        String metric, String modelId, String deploymentArn, String jobId, Instant createdAt, boolean mockMode) {

    static ModelView of(SpecialisationStore.Version version) {
        SpecialisationStore.Publication p = version.publication();
        Specialisation s = p.specialisation();
        return new ModelView(s.version(), s.plugId(), version.active(), p.method(), number(p.metrics().get("f1_specialised")),
                number(p.metrics().get("f1_baseline")), p.metrics().get("metric"), s.modelId(), s.deploymentArn(), p.jobId(),
                s.publishedAt(), PromptSpecialisationMethod.NAME.equals(p.method()));
    }

    private static Double number(String text) {
        return text == null ? null : Double.valueOf(text);
    }

    /** {@code GET /finetune/models}: by plug, newest version first. */
    public record ModelList(String tenantId, List<ModelView> models) {
    }
}
