package com.smeplug.hardening;

import static java.util.Map.entry;

import java.util.Map;

import com.smeplug.platform.auth.Role;

/**
 * The role each route of template.yaml must demand, as SPEC §6 assigns them (admins: plans, payment, connections,
 * fine-tunes, member changes, export, delete; members: chat and every read, the member list included; signed in:
 * who am I, create a tenant, accept an invitation; none: the Stripe webhook, the console's files and the OAuth
 * callback of a connection, which its single-use state authenticates). The code
 * declares each role once, next to its route; {@code RoleMatrixIT} checks every route answers as this table says.
 */
final class RouteRoles {

    static final Map<String, Role> EXPECTED = Map.ofEntries(
            entry("GET /plugs", Role.MEMBER),
            entry("GET /billing/usage", Role.MEMBER),
            entry("GET /integrations/salesforce", Role.MEMBER),
            entry("GET /integrations/sap", Role.MEMBER),
            entry("POST /integrations/{connector}/sync", Role.MEMBER),
            entry("GET /billing/plan", Role.MEMBER),
            entry("GET /billing/invoices", Role.MEMBER),
            entry("POST /billing/subscribe", Role.ADMIN),
            entry("POST /billing/webhook", Role.NONE),
            entry("POST /chat", Role.MEMBER),
            entry("GET /", Role.NONE),
            entry("GET /console/{asset+}", Role.NONE),
            entry("POST /finetune", Role.ADMIN),
            entry("GET /finetune/status/{job_id}", Role.MEMBER),
            entry("GET /finetune/jobs", Role.MEMBER),
            entry("POST /finetune/{job_id}/cancel", Role.ADMIN),
            entry("GET /finetune/models", Role.MEMBER),
            entry("POST /finetune/models/{version}/activate", Role.ADMIN),
            entry("GET /me", Role.SIGNED_IN),
            entry("POST /tenants", Role.SIGNED_IN),
            entry("POST /tenants/invitations", Role.ADMIN),
            entry("POST /tenants/invitations/{invitation_id}/accept", Role.SIGNED_IN),
            entry("GET /tenants/members", Role.MEMBER),
            entry("PATCH /tenants/members/{user_id}", Role.ADMIN),
            entry("DELETE /tenants/members/{user_id}", Role.ADMIN),
            entry("GET /tenants/export", Role.ADMIN),
            entry("DELETE /tenants", Role.ADMIN),
            entry("GET /integrations", Role.MEMBER),
            entry("POST /integrations/salesforce/connect", Role.ADMIN),
            entry("GET /integrations/salesforce/callback", Role.NONE),
            entry("DELETE /integrations/salesforce", Role.ADMIN),
            entry("PUT /integrations/sap", Role.ADMIN),
            entry("DELETE /integrations/sap", Role.ADMIN),
            entry("POST /billing/cancel", Role.ADMIN),
            entry("POST /billing/resume", Role.ADMIN),
            entry("POST /billing/portal", Role.ADMIN));

    private RouteRoles() {
    }
}
