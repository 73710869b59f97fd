package com.smeplug.platform.auth;

/**
 * Who is calling, as the verified token says: {@code userId} is the token's {@code sub}; {@code email} is set only
 * when the token also says {@code email_verified: true} (deployed: the Cognito ID token carries both). The
 * tenant is not here: it comes from our membership records, never from a claim.
 */
public record Caller(String userId, String email) {
}
