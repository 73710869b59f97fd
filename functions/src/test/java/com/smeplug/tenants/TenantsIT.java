package com.smeplug.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A business joins by itself: a new user signs up an organisation, invites people, manages their roles — through the
 * Lambda entry point, with real tokens from the local OIDC issuer verified as API Gateway verifies them.
 */
class TenantsIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("tenants-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A signed-in user of the issuer who belongs to no tenant yet. */
    record User(String id, String email, String token) {
    }

    static User newUser(String name) {
        String id = UUID.randomUUID().toString();
        String email = name + "-" + id.substring(0, 8) + "@example.com";
        return new User(id, email, stack.userToken(id, email));
    }

    static HttpResult call(String definition, ApiEvent event, User user) {
        return stack.invoke(definition, event.bearer(user.token()));
    }

    static String createTenant(User founder, String name) {
        HttpResult created = call("tenantCreate", ApiEvent.post("/tenants", "{\"name\": \"" + name + "\"}"), founder);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("tenant_id").asString();
    }

    static HttpResult invite(User admin, String email, String role) {
        return call("invitationCreate", ApiEvent.post("/tenants/invitations",
                "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}"), admin);
    }

    static HttpResult accept(User user, String invitationId) {
        return call("invitationAccept", ApiEvent.of("POST", "/tenants/invitations/" + invitationId + "/accept")
                .routeKey("POST /tenants/invitations/{invitation_id}/accept").pathParameter("invitation_id", invitationId), user);
    }

    static HttpResult me(User user) {
        return call("me", ApiEvent.get("/me"), user);
    }

    @Test
    void a_new_user_signs_up_an_organisation_and_becomes_its_admin_with_no_plan_no_usage_and_no_connection() {
        User founder = newUser("founder");

        HttpResult before = me(founder);
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.json().path("user_id").asString()).isEqualTo(founder.id());
        assertThat(before.json().path("email").asString()).isEqualTo(founder.email());
        assertThat(before.json().path("tenant_id").isNull()).isTrue();
        assertThat(before.json().path("role").isNull()).isTrue();

        HttpResult created = call("tenantCreate", ApiEvent.post("/tenants",
                "{\"name\": \"Delta Dental Care\", \"industry\": \"Healthcare\", \"tenant_id\": \"lawfirm_alpha\"}"), founder);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String tenantId = created.json().path("tenant_id").asString();
        assertThat(tenantId).as("generated, never the client's").startsWith("t_").isNotEqualTo("lawfirm_alpha");
        assertThat(created.json().path("name").asString()).isEqualTo("Delta Dental Care");
        assertThat(created.json().path("role").asString()).isEqualTo("admin");

        HttpResult after = me(founder);
        assertThat(after.json().path("tenant_id").asString()).isEqualTo(tenantId);
        assertThat(after.json().path("role").asString()).isEqualTo("admin");

        HttpResult usage = call("usage", ApiEvent.get("/billing/usage"), founder);
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        assertThat(usage.json().path("tenant_id").asString()).isEqualTo(tenantId);
        assertThat(usage.json().path("queries_this_month").asLong()).isZero();

        HttpResult chat = call("chat", ApiEvent.post("/chat", "{\"message\": \"What are the GDPR breach deadlines?\"}"), founder);
        assertThat(chat.status()).as(chat.body()).isEqualTo(402);
        assertThat(chat.errorCode()).isEqualTo("no_subscription");

        HttpResult crm = call("salesforce", ApiEvent.get("/integrations/salesforce"), founder);
        assertThat(crm.status()).as(crm.body()).isEqualTo(404);
        assertThat(crm.errorCode()).isEqualTo("not_connected");

        HttpResult second = call("tenantCreate", ApiEvent.post("/tenants", "{\"name\": \"Second Org\"}"), founder);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("already_member");
    }

    @Test
    void a_tenant_needs_a_name() {
        User user = newUser("nameless");

        HttpResult result = call("tenantCreate", ApiEvent.post("/tenants", "{\"name\": \"  \"}"), user);

        assertThat(result.status()).isEqualTo(400);
        assertThat(me(user).json().path("tenant_id").isNull()).as("nothing was created").isTrue();
    }

    @Test
    void a_signed_in_user_without_a_tenant_gets_403_unknown_tenant_on_tenant_routes() {
        HttpResult result = call("plugs", ApiEvent.get("/plugs"), newUser("lost"));

        assertThat(result.status()).isEqualTo(403);
        assertThat(result.errorCode()).isEqualTo("unknown_tenant");
    }

    @Test
    void an_invitation_joins_the_invited_email_once_and_no_other() {
        User admin = newUser("admin");
        String tenantId = createTenant(admin, "Invite Co");
        User invitee = newUser("invitee");
        User stranger = newUser("stranger");

        HttpResult invitation = invite(admin, invitee.email().toUpperCase(java.util.Locale.ROOT), "member");
        assertThat(invitation.status()).as(invitation.body()).isEqualTo(201);
        String id = invitation.json().path("invitation_id").asString();
        assertThat(invitation.json().path("accept_url").asString()).endsWith("/#/invitations/" + id);
        Instant expires = Instant.parse(invitation.json().path("expires_at").asString());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));

        HttpResult wrongEmail = accept(stranger, id);
        assertThat(wrongEmail.status()).isEqualTo(403);
        assertThat(wrongEmail.errorCode()).isEqualTo("invitation_for_another_email");
        assertThat(me(stranger).json().path("tenant_id").isNull()).isTrue();

        HttpResult unverified = accept(new User(invitee.id(), invitee.email(), stack.aws().issuer().sign(stack.aws().issuer()
                .idTokenClaims(invitee.id(), invitee.email()).claim("email_verified", false).build())), id);
        assertThat(unverified.status()).as("an unverified email is no email").isEqualTo(403);

        HttpResult joined = accept(invitee, id);
        assertThat(joined.status()).as(joined.body()).isEqualTo(200);
        assertThat(joined.json().path("tenant_id").asString()).isEqualTo(tenantId);
        assertThat(me(invitee).json().path("role").asString()).isEqualTo("member");

        HttpResult again = accept(invitee, id);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("invitation_used");
        User sameEmailOtherAccount = new User(UUID.randomUUID().toString(), invitee.email(), null);
        HttpResult reused = accept(new User(sameEmailOtherAccount.id(), invitee.email(),
                stack.userToken(sameEmailOtherAccount.id(), invitee.email())), id);
        assertThat(reused.status()).isEqualTo(409);

        HttpResult members = call("members", ApiEvent.get("/tenants/members"), invitee);
        assertThat(members.status()).isEqualTo(200);
        assertThat(members.json().path("members").findValuesAsString("user_id")).containsExactlyInAnyOrder(admin.id(), invitee.id());
    }

    @Test
    void an_invitation_expires_after_seven_days_with_410() {
        User admin = newUser("admin");
        String tenantId = createTenant(admin, "Slow Co");
        User invitee = newUser("late");
        String id = invite(admin, invitee.email(), "admin").json().path("invitation_id").asString();
        // seven days and a minute pass
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk(tenantId), InvitationStore.sk(id)))
                .updateExpression("SET expires = :e")
                .expressionAttributeValues(Map.of(":e", Items.s(Instant.now().minus(Duration.ofMinutes(1)).toString()))));

        HttpResult result = accept(invitee, id);

        assertThat(result.status()).isEqualTo(410);
        assertThat(result.errorCode()).isEqualTo("invitation_expired");
        assertThat(me(invitee).json().path("tenant_id").isNull()).isTrue();
    }

    @Test
    void an_unknown_invitation_is_404() {
        HttpResult result = accept(newUser("guess"), "inv_0123456789abcdef0123456789abcdef");

        assertThat(result.status()).isEqualTo(404);
    }

    @Test
    void a_removed_member_cannot_rejoin_with_an_invitation_issued_before_the_removal() {
        User ada = newUser("ada");
        String tenantId = createTenant(ada, "NewCo");
        User bob = newUser("bob");
        User carol = newUser("carol");
        String asMember = invite(ada, bob.email(), "member").json().path("invitation_id").asString();
        String asAdmin = invite(ada, bob.email(), "admin").json().path("invitation_id").asString();
        String forCarol = invite(ada, carol.email(), "member").json().path("invitation_id").asString();
        assertThat(accept(bob, asMember).status()).isEqualTo(200);

        HttpResult removed = call("memberRemove", remove(bob.id()), ada);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(me(bob).json().path("tenant_id").isNull()).isTrue();

        HttpResult rejoin = accept(bob, asAdmin);
        assertThat(rejoin.status()).as(rejoin.body()).isEqualTo(404);
        assertThat(rejoin.errorCode()).isEqualTo("not_found");
        assertThat(me(bob).json().path("tenant_id").isNull()).as("still out").isTrue();
        assertThat(call("members", ApiEvent.get("/tenants/members"), ada).json().path("members").findValuesAsString("user_id"))
                .containsExactly(ada.id());

        HttpResult othersStillValid = accept(carol, forCarol);
        assertThat(othersStillValid.status()).as("only the removed member's invitations go").isEqualTo(200);
        HttpResult reinvited = invite(ada, bob.email(), "member");
        assertThat(reinvited.status()).as("an admin may invite them again, after the removal").isEqualTo(201);
        assertThat(accept(bob, reinvited.json().path("invitation_id").asString()).json().path("tenant_id").asString())
                .isEqualTo(tenantId);
        assertThat(me(bob).json().path("role").asString()).isEqualTo("member");
    }

    @Test
    void inviting_an_email_that_already_belongs_to_a_member_is_409_already_member() {
        User admin = newUser("admin");
        createTenant(admin, "Full House Co");
        User member = newUser("member");
        accept(member, invite(admin, member.email(), "member").json().path("invitation_id").asString());

        HttpResult again = invite(admin, member.email().toUpperCase(java.util.Locale.ROOT), "admin");
        HttpResult self = invite(admin, admin.email(), "member");

        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("already_member");
        assertThat(again.json().path("invitation_id").isMissingNode()).isTrue();
        assertThat(self.status()).isEqualTo(409);
        assertThat(self.errorCode()).isEqualTo("already_member");
    }

    @Test
    void a_member_accepting_an_admin_invitation_to_their_own_tenant_is_409_and_keeps_their_role() {
        User admin = newUser("admin");
        createTenant(admin, "Ladder Co");
        User member = newUser("climber");
        String asMember = invite(admin, member.email(), "member").json().path("invitation_id").asString();
        String asAdmin = invite(admin, member.email(), "admin").json().path("invitation_id").asString();
        assertThat(accept(member, asMember).status()).isEqualTo(200);

        HttpResult climb = accept(member, asAdmin);

        assertThat(climb.status()).as(climb.body()).isEqualTo(409);
        assertThat(climb.errorCode()).isEqualTo("already_member");
        assertThat(me(member).json().path("role").asString()).isEqualTo("member");
    }

    @Test
    void an_accept_racing_the_removal_of_its_addressee_either_wins_before_it_or_finds_no_invitation() {
        User admin = newUser("admin");
        String tenantId = createTenant(admin, "Photo Finish Co");
        InvitationStore store = new InvitationStore(stack.table());
        String address = newUser("racer").email();
        String lateId = invite(admin, address, "admin").json().path("invitation_id").asString();
        String earlyId = invite(admin, address, "member").json().path("invitation_id").asString();
        // both accepts read their invitation before the removal deletes the pending ones
        InvitationStore.Invitation late = store.find(lateId).orElseThrow();
        InvitationStore.Invitation early = store.find(earlyId).orElseThrow();
        assertThat(store.markAccepted(early, "racer-user")).isTrue();

        store.deletePending(tenantId, address);

        assertThat(store.markAccepted(late, "racer-user")).as("the accept that came after the delete loses").isFalse();
        assertThat(store.find(lateId)).isEmpty();
        assertThat(store.find(earlyId)).as("an accepted invitation stays, the record of who joined").isPresent();
    }

    @Test
    void a_role_change_that_read_the_member_before_their_removal_does_not_bring_them_back() {
        // what PATCH /tenants/members/{user_id} read just before a concurrent DELETE removed the member
        ReadThenRemoved race = readThenRemoved("Race Co", "racer");
        MembershipStore memberships = memberships();

        boolean written = memberships.update(race.asRead().withRole(Role.ADMIN));

        assertThat(written).isFalse();
        assertThat(me(race.member()).json().path("tenant_id").isNull()).as("still out, not back as admin").isTrue();
        assertThat(call("members", ApiEvent.get("/tenants/members"), race.admin()).json().path("members")
                .findValuesAsString("user_id")).containsExactly(race.admin().id());
        String ownTenant = createTenant(race.member(), "Racer's Own Co");
        assertThat(memberships.update(race.asRead().withRole(Role.ADMIN))).isFalse();
        assertThat(me(race.member()).json().path("tenant_id").asString()).as("not moved back").isEqualTo(ownTenant);
    }

    @Test
    void a_removal_that_read_the_member_before_another_removal_finds_them_gone_instead_of_failing() {
        // what the second of two concurrent DELETE /tenants/members/{user_id} read before the first removed the member
        ReadThenRemoved race = readThenRemoved("Double Click Co", "clicked");

        assertThat(memberships().remove(race.asRead())).as("already removed").isFalse();
        assertThat(call("memberRemove", remove(race.member().id()), race.admin()).status()).isEqualTo(404);
        assertThat(me(race.member()).json().path("tenant_id").isNull()).isTrue();
    }

    /** An admin's new tenant, its member as a concurrent request read them, and that member removed since. */
    private record ReadThenRemoved(User admin, User member, Membership asRead) {
    }

    private ReadThenRemoved readThenRemoved(String tenantName, String memberName) {
        User admin = newUser("admin");
        String tenantId = createTenant(admin, tenantName);
        User member = newUser(memberName);
        accept(member, invite(admin, member.email(), "member").json().path("invitation_id").asString());
        Membership asRead = memberships().members(tenantId).stream().filter(m -> m.userId().equals(member.id()))
                .findFirst().orElseThrow();
        assertThat(call("memberRemove", remove(member.id()), admin).status()).isEqualTo(200);
        return new ReadThenRemoved(admin, member, asRead);
    }

    private static MembershipStore memberships() {
        return new MembershipStore(stack.table(), java.time.Clock.systemUTC());
    }

    @Test
    void members_read_the_list_admins_change_roles_and_the_last_admin_stays() {
        User admin = newUser("admin");
        createTenant(admin, "Roles Co");
        User member = newUser("member");
        accept(member, invite(admin, member.email(), "member").json().path("invitation_id").asString());

        HttpResult memberPatch = call("memberRole", patch(admin.id(), "member"), member);
        assertThat(memberPatch.status()).isEqualTo(403);
        assertThat(memberPatch.errorCode()).isEqualTo("forbidden");

        HttpResult demoteLast = call("memberRole", patch(admin.id(), "member"), admin);
        assertThat(demoteLast.status()).isEqualTo(409);
        assertThat(demoteLast.errorCode()).isEqualTo("last_admin");
        HttpResult removeLast = call("memberRemove", remove(admin.id()), admin);
        assertThat(removeLast.status()).isEqualTo(409);
        assertThat(removeLast.errorCode()).isEqualTo("last_admin");

        assertThat(call("memberRole", patch(member.id(), "admin"), admin).status()).isEqualTo(200);
        assertThat(me(member).json().path("role").asString()).isEqualTo("admin");
        assertThat(call("memberRole", patch(admin.id(), "member"), member).status()).as("no longer the last admin").isEqualTo(200);
        assertThat(me(admin).json().path("role").asString()).isEqualTo("member");

        HttpResult removed = call("memberRemove", remove(admin.id()), member);
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        HttpResult afterwards = call("members", ApiEvent.get("/tenants/members"), admin);
        assertThat(afterwards.status()).isEqualTo(403);
        assertThat(afterwards.errorCode()).isEqualTo("unknown_tenant");
        assertThat(call("memberRole", patch("someone-else", "admin"), member).status()).isEqualTo(404);
    }

    static ApiEvent patch(String userId, String role) {
        return ApiEvent.of("PATCH", "/tenants/members/" + userId).routeKey("PATCH /tenants/members/{user_id}")
                .pathParameter("user_id", userId).header("content-type", "application/json").body("{\"role\": \"" + role + "\"}");
    }

    static ApiEvent remove(String userId) {
        return ApiEvent.of("DELETE", "/tenants/members/" + userId).routeKey("DELETE /tenants/members/{user_id}")
                .pathParameter("user_id", userId);
    }
}
