package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smeplug.platform.config.MissingSettingException;
import com.smeplug.platform.config.Settings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ChatConfigurationTest {

    private final ChatConfiguration configuration = new ChatConfiguration();
    private final FakeTenantRecords records = new FakeTenantRecords();

    @Test
    void the_offline_responder_answers_by_default() {
        assertThat(configuration.chatResponder(new Settings(new MockEnvironment()), records)).isInstanceOf(OfflineResponder.class);
    }

    @Test
    void claude_mode_without_an_api_key_fails_at_start_up_naming_the_variable() {
        Settings settings = new Settings(new MockEnvironment().withProperty("USE_REAL_LLM", "true"));

        assertThatThrownBy(() -> configuration.chatResponder(settings, records))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("ANTHROPIC_API_KEY");
    }

    @Test
    void claude_mode_with_a_key_uses_claude() {
        Settings settings = new Settings(new MockEnvironment().withProperty("USE_REAL_LLM", "true")
                .withProperty("ANTHROPIC_API_KEY", "sk-ant-test").withProperty("ANTHROPIC_BASE_URL", "http://127.0.0.1:9"));

        assertThat(configuration.chatResponder(settings, records)).isInstanceOf(ClaudeResponder.class);
    }

    @Test
    void a_mistyped_switch_stops_start_up() {
        Settings settings = new Settings(new MockEnvironment().withProperty("USE_REAL_LLM", "yes"));

        assertThatThrownBy(() -> configuration.chatResponder(settings, records)).hasMessageContaining("USE_REAL_LLM");
    }
}
