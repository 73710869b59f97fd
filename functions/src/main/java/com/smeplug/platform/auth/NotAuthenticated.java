package com.smeplug.platform.auth;

/** A request without a verified caller; the HTTP layer answers it with 401. */
public final class NotAuthenticated extends RuntimeException {

    public NotAuthenticated(String message) {
        super(message);
    }
}
