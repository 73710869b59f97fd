package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;

import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.config.MissingSettingException;
import com.smeplug.platform.config.Settings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class BedrockSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"BEDROCK_ROLE_ARN", "FINETUNE_BUCKET", "BEDROCK_BASE_MODEL_ID"})
    void real_finetune_without_a_required_setting_fails_at_start_up_naming_it(String missing) {
        MockEnvironment environment = complete();
        environment.setProperty(missing, "");
        Settings settings = new Settings(environment);

        assertThatThrownBy(() -> new FinetuneConfiguration().finetuneMethod(settings, new AwsClients(settings), null, null, null,
                Clock.systemUTC()))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageStartingWith(missing + " is required when USE_REAL_FINETUNE=true");
    }

    @Test
    void real_finetune_with_every_setting_uses_bedrock() {
        Settings settings = new Settings(complete());

        assertThat(new FinetuneConfiguration().finetuneMethod(settings, new AwsClients(settings), null, null, null, Clock.systemUTC()))
                .isInstanceOf(BedrockCustomizationMethod.class)
                .extracting(FinetuneMethod::mockMode).isEqualTo(false);
    }

    @Test
    void hyperparameters_are_read_as_name_value_pairs() {
        assertThat(BedrockCustomizationMethod.hyperParameters("epochCount=2, batchSize=1,learningRate=0.00001"))
                .containsExactly(java.util.Map.entry("epochCount", "2"), java.util.Map.entry("batchSize", "1"),
                        java.util.Map.entry("learningRate", "0.00001"));
    }

    private static MockEnvironment complete() {
        return new MockEnvironment()
                .withProperty("USE_REAL_FINETUNE", "true")
                .withProperty("AWS_REGION", "us-east-1")
                .withProperty("BEDROCK_ENDPOINT", "http://127.0.0.1:9")
                .withProperty("S3_ENDPOINT", "http://127.0.0.1:9")
                .withProperty("BEDROCK_ROLE_ARN", "arn:aws:iam::123456789012:role/sme-plug-bedrock")
                .withProperty("FINETUNE_BUCKET", "sme-plug-finetune")
                .withProperty("BEDROCK_BASE_MODEL_ID", "amazon.titan-text-express-v1");
    }
}
