package com.smeplug.platform.secrets;

/** A sealed secret could not be opened: tampered with, sealed for another tenant or name, or under another key. */
final class SealedSecretException extends RuntimeException {

    public SealedSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
