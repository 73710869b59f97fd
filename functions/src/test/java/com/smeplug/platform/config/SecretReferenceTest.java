package com.smeplug.platform.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SecretReferenceTest {

    @Test
    void a_variable_names_its_secret_by_prefix_and_its_key_by_the_rest_in_lower_case() {
        assertThat(SecretReference.of("SALESFORCE_CLIENT_SECRET")).contains(new SecretReference("SALESFORCE_SECRET_ARN", "client_secret"));
        assertThat(SecretReference.of("STRIPE_WEBHOOK_SECRET")).contains(new SecretReference("STRIPE_SECRET_ARN", "webhook_secret"));
        assertThat(SecretReference.of("SAP_TOKEN_URL")).contains(new SecretReference("SAP_SECRET_ARN", "token_url"));
    }

    @Test
    void an_arn_variable_and_a_name_without_prefix_are_never_looked_up_in_a_secret() {
        assertThat(SecretReference.of("STRIPE_SECRET_ARN")).isEmpty();
        assertThat(SecretReference.of("TABLE")).isEmpty();
        assertThat(SecretReference.of("_X")).isEmpty();
    }

    @Test
    void a_missing_real_mode_setting_names_the_variable_and_where_a_deployment_keeps_it() {
        Settings settings = new Settings(Map.<String, String>of()::get);

        assertThatThrownBy(() -> settings.required("STRIPE_SECRET_KEY", "USE_REAL_STRIPE=true"))
                .isInstanceOf(MissingSettingException.class)
                .hasMessageContaining("STRIPE_SECRET_KEY is required when USE_REAL_STRIPE=true")
                .hasMessageContaining("key secret_key of the secret STRIPE_SECRET_ARN names");
    }
}
