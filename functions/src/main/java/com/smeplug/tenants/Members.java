package com.smeplug.tenants;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;

/**
 * {@code GET /tenants/members} (any member), {@code PATCH /tenants/members/{user_id} {role}} and
 * {@code DELETE /tenants/members/{user_id}} (admins). A tenant always keeps an admin: removing or demoting the last
 * one is 409 {@code last_admin}. Removing a member also deletes the tenant's pending invitations to their email, so an
 * invitation issued before the removal cannot bring them back.
 */
final class Members {

    record ChangeRole(String role) {
    }

    private final MembershipStore memberships;
    private final InvitationStore invitations;

    Members(MembershipStore memberships, InvitationStore invitations) {
        this.memberships = memberships;
        this.invitations = invitations;
    }

    ApiResponse list(ApiRequest request) {
        List<Map<String, Object>> members = memberships.members(request.tenant()).stream()
                .map(m -> Map.<String, Object>of("user_id", m.userId(), "email", m.email() == null ? "" : m.email(),
                        "role", Onboarding.roleName(m.role())))
                .toList();
        return ApiResponse.ok(Map.of("tenant_id", request.tenant(), "members", members));
    }

    ApiResponse changeRole(ApiRequest request) {
        Role role = parseRole(request.bodyAs(ChangeRole.class).role());
        Membership member = member(request);
        if (member.role() == Role.ADMIN && role == Role.MEMBER) {
            requireAnotherAdmin(request.tenant(), member);
        }
        Membership changed = member.withRole(role);
        if (!memberships.update(changed)) {
            throw notFound(); // removed meanwhile
        }
        return ApiResponse.ok(Map.of("user_id", changed.userId(), "role", Onboarding.roleName(role)));
    }

    ApiResponse remove(ApiRequest request) {
        Membership member = member(request);
        if (member.role() == Role.ADMIN) {
            requireAnotherAdmin(request.tenant(), member);
        }
        if (member.email() != null) {
            // first, so the removed user cannot accept one of them between the two writes (once out of the tenant,
            // accept no longer answers already_member)
            invitations.deletePending(request.tenant(), member.email().toLowerCase(Locale.ROOT));
        }
        if (!memberships.remove(member)) {
            throw notFound(); // removed meanwhile (two admins, or a double click)
        }
        return ApiResponse.ok(Map.of("user_id", member.userId(), "removed", true));
    }

    private Membership member(ApiRequest request) {
        String userId = request.pathParameter("user_id");
        return memberships.members(request.tenant()).stream().filter(m -> m.userId().equals(userId)).findFirst()
                .orElseThrow(Members::notFound);
    }

    private static ApiException notFound() {
        return new ApiException(404, "not_found", "no such member in this tenant");
    }

    private void requireAnotherAdmin(String tenantId, Membership leaving) {
        boolean another = memberships.members(tenantId).stream()
                .anyMatch(m -> m.role() == Role.ADMIN && !m.userId().equals(leaving.userId()));
        if (!another) {
            throw new ApiException(409, "last_admin", "a tenant keeps at least one admin: make another member admin first");
        }
    }

    static Role parseRole(String role) {
        if (role != null) {
            switch (role.toLowerCase(Locale.ROOT)) {
                case "admin" -> {
                    return Role.ADMIN;
                }
                case "member" -> {
                    return Role.MEMBER;
                }
                default -> { }
            }
        }
        throw ApiException.invalid("role must be admin or member");
    }
}
