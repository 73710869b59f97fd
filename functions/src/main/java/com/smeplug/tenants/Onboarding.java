package com.smeplug.tenants;

import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;

/**
 * A signed-in user's first steps: {@code GET /me} (who am I, in which tenant, with which role) and
 * {@code POST /tenants} (create an organisation; its id is generated here, its creator is its first admin, it starts
 * with no plan, no connections and no sample data).
 */
final class Onboarding {

    record CreateTenant(String name, String industry) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int MAX_NAME = 120;

    private final TenantStore tenants;
    private final MembershipStore memberships;

    Onboarding(TenantStore tenants, MembershipStore memberships) {
        this.tenants = tenants;
        this.memberships = memberships;
    }

    ApiResponse me(ApiRequest request) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user_id", request.user());
        me.put("email", request.verifiedEmail().orElse(null));
        me.put("tenant_id", request.tenantIfAny().orElse(null));
        me.put("role", request.role() == null ? null : roleName(request.role()));
        return ApiResponse.ok(me);
    }

    ApiResponse create(ApiRequest request) {
        CreateTenant body = request.bodyAs(CreateTenant.class);
        String name = text(body.name(), "name", true);
        String industry = text(body.industry(), "industry", false);
        if (request.tenantIfAny().isPresent()) {
            throw new ApiException(409, "already_member", "you already belong to a tenant; a user belongs to one at most");
        }
        String tenantId = newTenantId();
        while (!tenants.create(new Tenant(tenantId, name, false, Map.of()), industry, request.user())) {
            tenantId = newTenantId();
        }
        if (!memberships.join(new Membership(request.user(), tenantId, Role.ADMIN, request.verifiedEmail().orElse(null)))) {
            tenants.close(tenantId); // another request made this user a member meanwhile
            throw new ApiException(409, "already_member", "you already belong to a tenant; a user belongs to one at most");
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("tenant_id", tenantId);
        created.put("name", name);
        created.put("industry", industry);
        created.put("role", "admin");
        return ApiResponse.created(created);
    }

    static String roleName(Role role) {
        return role.name().toLowerCase(Locale.ROOT);
    }

    /** {@code t_} and 20 random lowercase letters or digits (~103 bits): never chosen by a client. */
    static String newTenantId() {
        StringBuilder id = new StringBuilder("t_");
        for (int i = 0; i < 20; i++) {
            id.append(ID_ALPHABET.charAt(RANDOM.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static String text(String value, String field, boolean required) {
        String trimmed = Optional.ofNullable(value).map(String::strip).orElse("");
        if (trimmed.isEmpty()) {
            if (required) {
                throw ApiException.invalid(field + " is required");
            }
            return null;
        }
        if (trimmed.length() > MAX_NAME || trimmed.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(field + " must be at most " + MAX_NAME + " characters, without control characters");
        }
        return trimmed;
    }
}
