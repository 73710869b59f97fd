package com.smeplug.platform.secrets;

/**
 * The one port through which secrets (OAuth refresh tokens, SAP credentials) are encrypted before they are stored and
 * decrypted when used. A sealed value is bound to its tenant and its name: opened under another tenant or name, it
 * fails. Real: {@link KmsSecretBox} (envelope encryption under a KMS key); local stack and tests:
 * {@link LocalKeySecretBox} (AES-GCM under a key the local stack generates).
 */
public interface SecretBox {

    /** Encrypts {@code plaintext}; the result is safe to store and to show to nobody. */
    String seal(String tenantId, String name, String plaintext);

    /** Decrypts what {@link #seal} produced for the same tenant and name; anything else throws {@link SealedSecretException}. */
    String open(String tenantId, String name, String sealed);
}
