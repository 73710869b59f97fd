package com.smeplug.tenants;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.tenants.InvitationStore.Invitation;

/**
 * {@code POST /tenants/invitations} (admin): invites one email address with a role, for 7 days; an address that already
 * belongs to a member is 409 {@code already_member} (a role changes through {@code PATCH /tenants/members}).
 * {@code POST /tenants/invitations/{invitation_id}/accept} (any signed-in user): joins the tenant — once, before it
 * expires (410 after), and only for the invited address, matched on the token's <em>verified</em> email (403 for
 * another address or none). The invitation id is 128 random bits: knowing it is not enough without the email.
 */
final class Invitations {

    static final Duration VALID_FOR = Duration.ofDays(7);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{2,63}");
    private static final SecureRandom RANDOM = new SecureRandom();

    record CreateInvitation(String email, String role) {
    }

    private final InvitationStore invitations;
    private final MembershipStore memberships;
    private final TenantStore tenants;
    private final Clock clock;

    Invitations(InvitationStore invitations, MembershipStore memberships, TenantStore tenants, Clock clock) {
        this.invitations = invitations;
        this.memberships = memberships;
        this.tenants = tenants;
        this.clock = clock;
    }

    ApiResponse create(ApiRequest request) {
        CreateInvitation body = request.bodyAs(CreateInvitation.class);
        String email = body.email() == null ? "" : body.email().strip().toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            throw ApiException.invalid("email must be an email address");
        }
        Role role = Members.parseRole(body.role() == null ? "member" : body.role());
        if (memberships.members(request.tenant()).stream().anyMatch(m -> email.equalsIgnoreCase(m.email()))) {
            throw new ApiException(409, "already_member", email + " already belongs to a member of this tenant; change "
                    + "their role instead (PATCH /tenants/members/{user_id})");
        }
        Invitation invitation = new Invitation("inv_" + HexFormat.of().formatHex(randomBytes()), request.tenant(), email, role,
                clock.instant().plus(VALID_FOR), request.user(), null);
        invitations.put(invitation);
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("invitation_id", invitation.invitationId());
        created.put("email", email);
        created.put("role", Onboarding.roleName(role));
        created.put("expires_at", invitation.expiresAt().toString());
        created.put("accept_url", consoleUrl(request) + "/#/invitations/" + invitation.invitationId());
        return ApiResponse.created(created);
    }

    ApiResponse accept(ApiRequest request) {
        String id = request.pathParameter("invitation_id");
        if (!id.matches("inv_[0-9a-f]{32}")) {
            throw new ApiException(404, "not_found", "no such invitation");
        }
        Invitation invitation = invitations.find(id)
                .orElseThrow(() -> new ApiException(404, "not_found", "no such invitation"));
        if (invitation.acceptedBy() != null) {
            throw new ApiException(409, "invitation_used", "this invitation has been accepted already");
        }
        if (!clock.instant().isBefore(invitation.expiresAt())) {
            throw new ApiException(410, "invitation_expired", "this invitation expired at " + invitation.expiresAt()
                    + "; ask an admin for a new one");
        }
        String email = request.verifiedEmail().map(e -> e.toLowerCase(Locale.ROOT)).orElse(null);
        if (!invitation.email().equals(email)) {
            throw ApiException.forbidden("invitation_for_another_email",
                    "this invitation is for another email address than your verified one");
        }
        if (request.tenantIfAny().isPresent()) {
            throw new ApiException(409, "already_member", "you already belong to a tenant; a user belongs to one at most");
        }
        if (tenants.find(invitation.tenantId()).isEmpty()) {
            throw new ApiException(404, "not_found", "no such invitation");
        }
        if (!invitations.markAccepted(invitation, request.user())) {
            if (invitations.find(id).isEmpty()) { // deleted meanwhile (its addressee was removed from the tenant)
                throw new ApiException(404, "not_found", "no such invitation");
            }
            throw new ApiException(409, "invitation_used", "this invitation has been accepted already");
        }
        if (!memberships.join(new Membership(request.user(), invitation.tenantId(), invitation.role(), email))) {
            invitations.unmarkAccepted(invitation, request.user());
            throw new ApiException(409, "already_member", "you already belong to a tenant; a user belongs to one at most");
        }
        return ApiResponse.ok(Map.of("tenant_id", invitation.tenantId(), "role", Onboarding.roleName(invitation.role())));
    }

    /** Where the console is: this API's own origin (the console is served by it). */
    private static String consoleUrl(ApiRequest request) {
        String host = request.header("host").orElse("localhost");
        String scheme = request.header("x-forwarded-proto")
                .orElse(host.startsWith("127.0.0.1") || host.startsWith("localhost") ? "http" : "https");
        return scheme + "://" + host;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
