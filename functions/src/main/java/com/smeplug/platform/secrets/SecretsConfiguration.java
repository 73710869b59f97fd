package com.smeplug.platform.secrets;

import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.config.MissingSettingException;
import com.smeplug.platform.config.Settings;
import software.amazon.awssdk.services.kms.KmsClient;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Picks the {@link SecretBox}: {@code CONNECTIONS_KMS_KEY} (deployed: the template's key) uses KMS
 * ({@code KMS_ENDPOINT} overrides its endpoint in tests); otherwise {@code CONNECTIONS_LOCAL_KEY} (local stack, tests).
 * Neither is a start-up failure naming both — only for functions that handle secrets, since beans are lazy.
 */
@Configuration(proxyBeanMethods = false)
public class SecretsConfiguration {

    @Bean
    SecretBox secretBox(Settings settings, AwsClients clients) {
        String keyId = settings.get("CONNECTIONS_KMS_KEY", null);
        if (keyId != null) {
            KmsClient kms = clients.configure(KmsClient.builder(), settings.get("KMS_ENDPOINT", null)).build();
            return new KmsSecretBox(kms, keyId);
        }
        String localKey = settings.get("CONNECTIONS_LOCAL_KEY", null);
        if (localKey != null) {
            return LocalKeySecretBox.fromBase64(localKey);
        }
        throw new MissingSettingException("CONNECTIONS_KMS_KEY", "storing connection secrets (or CONNECTIONS_LOCAL_KEY locally)");
    }
}
