package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.config.Settings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ChatConfigurationTest {

    private final ChatConfiguration configuration = new ChatConfiguration();
    private final FakeTenantRecords records = new FakeTenantRecords();

    private Responder responder(Settings settings) {
        return configuration.chatResponder(settings, records, new AwsClients(settings));
    }

    @Test
    void the_offline_responder_answers_by_default() {
        assertThat(responder(new Settings(new MockEnvironment()))).isInstanceOf(OfflineResponder.class);
    }

    @Test
    void real_mode_calls_bedrock_with_the_functions_iam_role_and_needs_no_api_key() {
        Settings settings = new Settings(new MockEnvironment().withProperty("USE_REAL_LLM", "true"));

        assertThat(responder(settings)).isInstanceOf(BedrockResponder.class);
    }

    @Test
    void a_mistyped_switch_stops_start_up() {
        Settings settings = new Settings(new MockEnvironment().withProperty("USE_REAL_LLM", "yes"));

        assertThatThrownBy(() -> responder(settings)).hasMessageContaining("USE_REAL_LLM");
    }
}
