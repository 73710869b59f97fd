package com.smeplug.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/** Both implementations of the port behave alike: the real one through the AWS SDK against a local KMS. */
class SecretBoxTest {

    static final String REFRESH_TOKEN = "5Aep861fictional.Refresh.Token.of.Harbor.Org.never.stored.in.clear";

    static FakeKms kms;
    static KmsClient client;

    @BeforeAll
    static void start() throws Exception {
        kms = new FakeKms();
        client = KmsClient.builder().endpointOverride(URI.create(kms.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        kms.close();
    }

    static Stream<SecretBox> boxes() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Stream.of(new LocalKeySecretBox(key), new KmsSecretBox(client, FakeKms.KEY_ARN));
    }

    @ParameterizedTest
    @MethodSource("boxes")
    void a_sealed_secret_opens_for_its_tenant_and_name_and_does_not_contain_the_plaintext(SecretBox box) {
        String sealed = box.seal("tenant_a", "salesforce.refresh_token", REFRESH_TOKEN);

        assertThat(sealed).doesNotContain(REFRESH_TOKEN).doesNotContain("Harbor");
        assertThat(box.open("tenant_a", "salesforce.refresh_token", sealed)).isEqualTo(REFRESH_TOKEN);
        assertThat(box.seal("tenant_a", "salesforce.refresh_token", REFRESH_TOKEN)).as("fresh nonce per seal")
                .isNotEqualTo(sealed);
    }

    @ParameterizedTest
    @MethodSource("boxes")
    void a_sealed_secret_copied_to_another_tenant_or_field_does_not_open(SecretBox box) {
        String sealed = box.seal("tenant_a", "salesforce.refresh_token", REFRESH_TOKEN);

        assertThatThrownBy(() -> box.open("tenant_b", "salesforce.refresh_token", sealed))
                .isInstanceOf(SealedSecretException.class);
        assertThatThrownBy(() -> box.open("tenant_a", "sap.credentials", sealed))
                .isInstanceOf(SealedSecretException.class);
    }

    @ParameterizedTest
    @MethodSource("boxes")
    void a_tampered_secret_does_not_open(SecretBox box) {
        String sealed = box.seal("tenant_a", "salesforce.refresh_token", REFRESH_TOKEN);
        char last = sealed.charAt(sealed.length() - 2);
        String tampered = sealed.substring(0, sealed.length() - 2) + (last == 'A' ? 'B' : 'A') + sealed.charAt(sealed.length() - 1);

        for (String broken : List.of(tampered, sealed.substring(0, 20), "kms1.x.y", "local1.", "plain")) {
            assertThatThrownBy(() -> box.open("tenant_a", "salesforce.refresh_token", broken)).as(broken)
                    .isInstanceOf(SealedSecretException.class);
        }
    }

    @org.junit.jupiter.api.Test
    void the_kms_box_asks_kms_for_one_data_key_per_seal_and_one_decrypt_per_open() {
        SecretBox box = new KmsSecretBox(client, FakeKms.KEY_ARN);
        int generatedBefore = kms.generated.get();
        int decryptedBefore = kms.decrypted.get();

        String sealed = box.seal("tenant_a", "sap.credentials", "{\"password\":\"fictional-Passw0rd\"}");
        box.open("tenant_a", "sap.credentials", sealed);

        assertThat(kms.generated.get() - generatedBefore).isEqualTo(1);
        assertThat(kms.decrypted.get() - decryptedBefore).isEqualTo(1);
        assertThat(sealed).startsWith("kms1.").doesNotContain("fictional-Passw0rd");
    }
}
