package com.smeplug.platform.secrets;

import java.util.Base64;

/**
 * For the local stack and tests: AES-256-GCM under one key given as {@code CONNECTIONS_LOCAL_KEY} (base64 of 32 bytes;
 * the local stack generates a fresh one per run). Never used deployed: the template sets {@code CONNECTIONS_KMS_KEY}.
 * Format: {@code local1.<nonce+ciphertext>}.
 */
public final class LocalKeySecretBox implements SecretBox {

    private static final String PREFIX = "local1.";

    private final byte[] key;

    public LocalKeySecretBox(byte[] key) {
        if (key.length != 32) {
            throw new IllegalStateException("CONNECTIONS_LOCAL_KEY must be base64 of 32 bytes, was " + key.length + " bytes");
        }
        this.key = key.clone();
    }

    public static LocalKeySecretBox fromBase64(String key) {
        try {
            return new LocalKeySecretBox(Base64.getDecoder().decode(key));
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException("CONNECTIONS_LOCAL_KEY is not base64");
        }
    }

    @Override
    public String seal(String tenantId, String name, String plaintext) {
        return PREFIX + AesGcm.b64(AesGcm.encrypt(key, AesGcm.associatedData(tenantId, name), plaintext));
    }

    @Override
    public String open(String tenantId, String name, String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new SealedSecretException("not a locally sealed secret", null);
        }
        return AesGcm.decrypt(key, AesGcm.associatedData(tenantId, name), AesGcm.unb64(sealed.substring(PREFIX.length())));
    }
}
