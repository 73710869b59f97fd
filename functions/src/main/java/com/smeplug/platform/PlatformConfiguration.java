package com.smeplug.platform;

import java.time.Clock;

import com.smeplug.platform.auth.Authenticator;
import com.smeplug.platform.auth.DevTokenAuthenticator;
import com.smeplug.platform.auth.DevTokens;
import com.smeplug.platform.auth.GatewayClaimsAuthenticator;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.aws.SecretsManagerVariables;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.sqs.SqsClient;
import tools.jackson.databind.ObjectMapper;

import org.springframework.cloud.function.json.JacksonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** What every feature shares: settings, clock, AWS clients, the table, authentication and the HTTP mapping. */
@Configuration(proxyBeanMethods = false)
public class PlatformConfiguration {

    /** The function's variables; deployed, a real mode's secrets among them come from Secrets Manager. */
    @Bean
    Settings settings(Environment environment) {
        return new Settings(SecretsManagerVariables.over(environment::getProperty));
    }

    /**
     * The mapper Spring Cloud Function converts with. Without one it logs a warning with a stack trace on every cold
     * start and builds a default mapper of its own; this is the one that already reads our events.
     */
    @Bean
    ObjectMapper functionObjectMapper() {
        return Json.EVENTS;
    }

    /**
     * Spring Cloud Function's converter, on that same mapper. Left to build its own, it looks for Kotlin on the class
     * path and, where a library brings Kotlin (the Anthropic SDK once did), warns at every start that
     * jackson-module-kotlin is missing: a false alarm here, since no function takes or returns a Kotlin type.
     */
    @Bean
    JacksonMapper functionJsonMapper(ObjectMapper functionObjectMapper) {
        return new JacksonMapper(functionObjectMapper);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    AwsClients awsClients(Settings settings) {
        return new AwsClients(settings);
    }

    @Bean
    Table table(Settings settings, AwsClients clients) {
        return new Table(settings.get("TABLE_NAME", "sme-plug"), clients.dynamoDb());
    }

    @Bean
    SqsClient sqsClient(AwsClients clients) {
        return clients.sqs();
    }

    @Bean
    TenantStore tenantStore(Table table, Clock clock) {
        return new TenantStore(table, clock);
    }

    /**
     * {@code AUTH_MODE=gateway} (deployed): API Gateway's JWT authorizer verified the token, read its claims.
     * {@code AUTH_MODE=dev} (local stack, tests): verify HS256 tokens with {@code DEV_JWT_SECRET} here.
     */
    @Bean
    Authenticator authenticator(Settings settings) {
        String tenantClaim = settings.get("TENANT_CLAIM", "tenant_id");
        String mode = settings.get("AUTH_MODE", "gateway");
        return switch (mode) {
            case "gateway" -> new GatewayClaimsAuthenticator(tenantClaim);
            case "dev" -> new DevTokenAuthenticator(settings.required("DEV_JWT_SECRET", "AUTH_MODE=dev"),
                    DevTokens.ISSUER, tenantClaim);
            default -> throw new IllegalStateException("AUTH_MODE must be gateway or dev, was '" + mode + "'");
        };
    }

    @Bean
    HttpFunctions httpFunctions(Authenticator authenticator, TenantStore tenants) {
        return new HttpFunctions(authenticator, tenants);
    }
}
