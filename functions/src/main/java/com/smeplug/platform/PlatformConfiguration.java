package com.smeplug.platform;

import java.time.Clock;
import java.time.Duration;

import com.smeplug.platform.auth.Authenticator;
import com.smeplug.platform.auth.GatewayClaimsAuthenticator;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.aws.SecretsManagerVariables;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.IdempotencyKeys;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.lambda.ProbeEvents;
import com.smeplug.platform.tenant.MembershipStore;
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
     * {@code AUTH_MODE=gateway}, the only mode, deployed and local alike: API Gateway's JWT authorizer (locally the
     * local server's, which checks the same) verified the token; the function reads its claims. No token is verified
     * in the Lambda, so no signing secret exists here.
     */
    @Bean
    Authenticator authenticator(Settings settings) {
        String mode = settings.get("AUTH_MODE", "gateway");
        if (!mode.equals("gateway")) {
            throw new IllegalStateException("AUTH_MODE must be gateway (tokens are verified by API Gateway), was '" + mode + "'");
        }
        return new GatewayClaimsAuthenticator();
    }

    @Bean
    MembershipStore membershipStore(Table table, Clock clock) {
        return new MembershipStore(table, clock);
    }

    @Bean
    HttpFunctions httpFunctions(Authenticator authenticator, MembershipStore memberships, Table table, Clock clock) {
        // Idempotency-Key answers kept 24 h (Stripe's window); a first request holds its key for 60 s before a retry
        // may take it over (above every function's timeout)
        HttpFunctions http = new HttpFunctions(authenticator, memberships,
                new IdempotencyKeys(table, clock, Duration.ofHours(24), Duration.ofSeconds(60)));
        ProbeEvents.register(http); // its routes are what SnapStart priming and the AOT training probe
        return http;
    }
}
