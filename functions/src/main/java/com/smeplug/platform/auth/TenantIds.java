package com.smeplug.platform.auth;

import java.util.regex.Pattern;

import com.smeplug.platform.http.ApiException;

/** Tenant ids are short lowercase slugs; anything else in a token is refused before it reaches a key. */
public final class TenantIds {

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{1,62}");

    private TenantIds() {
    }

    public static String requireValid(String tenant) {
        if (tenant == null || tenant.isBlank()) {
            throw ApiException.unauthorized("token names no tenant");
        }
        if (!VALID.matcher(tenant).matches()) {
            throw ApiException.unauthorized("token names an invalid tenant id");
        }
        return tenant;
    }
}
