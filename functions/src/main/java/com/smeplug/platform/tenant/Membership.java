package com.smeplug.platform.tenant;

import com.smeplug.platform.auth.Role;

/** A user's place in a tenant: the source of truth for which tenant a request acts for, and with which role. */
public record Membership(String userId, String tenantId, Role role, String email) {

    public Membership {
        if (role != Role.ADMIN && role != Role.MEMBER) {
            throw new IllegalArgumentException("a member is an admin or a member, not " + role);
        }
    }

    public Membership withRole(Role newRole) {
        return new Membership(userId, tenantId, newRole, email);
    }
}
