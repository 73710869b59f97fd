package com.smeplug.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.smeplug.platform.config.Settings;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The page signs in the same way the API authenticates: local sign-in only where the local stack asks for it. */
class ConsoleSettingsTest {

    @Test
    void deployed_the_page_sends_users_to_the_hosted_login_of_the_app_client() {
        var settings = new Settings(new MockEnvironment()
                .withProperty("AUTH_MODE", "gateway")
                .withProperty("TENANT_CLAIM", "custom:tenant_id")
                .withProperty("CONSOLE_LOGIN_URL", "https://sme.auth.eu-west-1.amazoncognito.com/oauth2/authorize")
                .withProperty("CONSOLE_OIDC_CLIENT", "3n4b5urk1ft4fl3mg5e6d7f8")
                .withProperty("CONSOLE_OIDC_SCOPE", "openid")
                .withProperty("DEV_JWT_SECRET", "must-not-matter"));

        ConsoleSettings console = ConsoleSettings.from(settings);

        assertThat(console.auth()).isEqualTo("oidc");
        assertThat(console.loginUrl()).isEqualTo("https://sme.auth.eu-west-1.amazoncognito.com/oauth2/authorize");
        assertThat(console.tokenUrl()).as("Cognito's token endpoint beside its authorize endpoint")
                .isEqualTo("https://sme.auth.eu-west-1.amazoncognito.com/oauth2/token");
        assertThat(console.tokenOrigin()).isEqualTo("https://sme.auth.eu-west-1.amazoncognito.com");
        assertThat(console.clientId()).isEqualTo("3n4b5urk1ft4fl3mg5e6d7f8");
        assertThat(console.scope()).isEqualTo("openid");
        assertThat(console.tenantClaim()).isEqualTo("custom:tenant_id");
        assertThat(console.sampleTenants()).isEmpty();
        assertThat(console.toJson()).doesNotContain("must-not-matter").doesNotContain("lawfirm_alpha");
    }

    @Test
    void deployed_without_a_login_url_the_page_says_sign_in_is_not_configured() {
        ConsoleSettings console = ConsoleSettings.from(new Settings(new MockEnvironment().withProperty("AUTH_MODE", "gateway")));

        assertThat(console.auth()).isEqualTo("oidc");
        assertThat(console.loginUrl()).isNull();
    }

    @Test
    void a_login_url_that_is_not_https_stops_start_up_naming_the_variable() {
        var settings = new Settings(new MockEnvironment().withProperty("AUTH_MODE", "gateway")
                .withProperty("CONSOLE_LOGIN_URL", "http://login.example.com/oauth2/authorize"));

        assertThatThrownBy(() -> ConsoleSettings.from(settings)).hasMessageContaining("CONSOLE_LOGIN_URL");
    }

    @Test
    void the_local_issuer_may_be_plain_http_on_this_machine_only() {
        ConsoleSettings console = ConsoleSettings.from(new Settings(new MockEnvironment().withProperty("CONSOLE_SIGN_IN", "local")
                .withProperty("CONSOLE_LOGIN_URL", "http://127.0.0.1:9400/authorize")));

        assertThat(console.tokenUrl()).isEqualTo("http://127.0.0.1:9400/token");
    }

    @Test
    void locally_the_page_offers_the_sample_tenants_by_name() {
        ConsoleSettings console = ConsoleSettings.from(new Settings(new MockEnvironment().withProperty("CONSOLE_SIGN_IN", "local")));

        assertThat(console.auth()).isEqualTo("dev");
        assertThat(console.loginUrl()).isNull();
        assertThat(console.sampleTenants()).extracting(ConsoleSettings.SampleTenant::name)
                .containsExactly("LawFirm Alpha LLP", "Hospital Beta Health System", "BuildCo Gamma Construction");
    }
}
