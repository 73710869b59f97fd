package com.smeplug.platform.secrets;

import java.util.Arrays;
import java.util.Map;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.InvalidCiphertextException;

/**
 * Envelope encryption: each secret gets its own data key from KMS ({@code GenerateDataKey}, AES_256) under the
 * deployment's key, is encrypted locally with AES-256-GCM, and only the KMS-encrypted data key is stored beside it.
 * The tenant and the secret's name are the KMS encryption context (so CloudTrail shows whose secret was opened, and a
 * key policy can require it) and the GCM associated data. The plaintext data key lives only for the call.
 * Format: {@code kms1.<encrypted data key>.<nonce+ciphertext>}.
 */
final class KmsSecretBox implements SecretBox {

    private static final String PREFIX = "kms1.";

    private final KmsClient kms;
    private final String keyId;

    public KmsSecretBox(KmsClient kms, String keyId) {
        this.kms = kms;
        this.keyId = keyId;
    }

    @Override
    public String seal(String tenantId, String name, String plaintext) {
        GenerateDataKeyResponse dataKey = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)
                .encryptionContext(context(tenantId, name)));
        byte[] key = dataKey.plaintext().asByteArray();
        try {
            byte[] message = AesGcm.encrypt(key, AesGcm.associatedData(tenantId, name), plaintext);
            return PREFIX + AesGcm.b64(dataKey.ciphertextBlob().asByteArray()) + "." + AesGcm.b64(message);
        }
        finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public String open(String tenantId, String name, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX) || sealed.indexOf('.', PREFIX.length()) < 0) {
            throw new SealedSecretException("not a KMS-sealed secret", null);
        }
        int dot = sealed.indexOf('.', PREFIX.length());
        byte[] encryptedKey = AesGcm.unb64(sealed.substring(PREFIX.length(), dot));
        byte[] message = AesGcm.unb64(sealed.substring(dot + 1));
        byte[] key;
        try {
            key = kms.decrypt(b -> b.keyId(keyId).ciphertextBlob(SdkBytes.fromByteArray(encryptedKey))
                    .encryptionContext(context(tenantId, name))).plaintext().asByteArray();
        }
        catch (InvalidCiphertextException e) {
            throw new SealedSecretException("KMS refused the data key (another tenant's, or tampered)", e);
        }
        try {
            return AesGcm.decrypt(key, AesGcm.associatedData(tenantId, name), message);
        }
        finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static Map<String, String> context(String tenantId, String name) {
        return Map.of("tenant_id", tenantId, "secret", name);
    }
}
