package com.smeplug.platform.auth;

/**
 * Who may call a route, and what a member holds in a tenant. {@code SIGNED_IN}: any user with a verified token, in a
 * tenant or not (who am I, create a tenant, accept an invitation). Members may read and chat; admins may also change
 * plans, connections and people. {@code NONE}: no token needed.
 */
public enum Role {
    NONE, SIGNED_IN, MEMBER, ADMIN;

    public boolean allows(Role held) {
        return held != null && held.ordinal() >= ordinal();
    }
}
