package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

class QuestionModelTest {

    static final String BASE = "anthropic.claude-base";
    static final String DEPLOYMENT = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/abc123";

    @Test
    void a_tenant_plug_with_an_active_custom_model_is_answered_by_its_deployment() {
        Specialisation custom = new Specialisation("hospital_beta", "legal", "arn:custom-model", 2, List.of(),
                "arn:custom-model", Instant.EPOCH, DEPLOYMENT);

        assertThat(question(Optional.of(custom)).modelId(BASE)).isEqualTo(DEPLOYMENT);
    }

    @Test
    void a_prompt_specialisation_or_none_is_answered_by_the_base_model() {
        Specialisation prompt = new Specialisation("hospital_beta", "legal", "spec-legal-hospital_beta-v1", 1,
                List.of(new Exemplar("q", "a")), null, Instant.EPOCH);

        assertThat(question(Optional.of(prompt)).modelId(BASE)).isEqualTo(BASE);
        assertThat(question(Optional.empty()).modelId(BASE)).isEqualTo(BASE);
    }

    private static Question question(Optional<Specialisation> specialisation) {
        return new Question("hospital_beta", PlugCatalog.load().find("legal").orElseThrow(), "hello", List.of(), List.of(),
                specialisation);
    }
}
