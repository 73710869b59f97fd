package com.smeplug.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * {@code ./infra/local/token} signs only for users that exist: a sample tenant's or the demo tenant's admin or member,
 * or a new user.
 */
class LocalTokenTest {

    @Test
    void a_sample_tenants_admin_member_or_a_new_user_gets_a_user() {
        assertThat(LocalToken.userFor("lawfirm_alpha")).containsEntry("sub", "sample-lawfirm_alpha-admin");
        assertThat(LocalToken.userFor("hospital_beta", "member")).containsEntry("sub", "sample-hospital_beta-member");
        assertThat(LocalToken.userFor("demo_newco")).containsEntry("sub", "sample-demo_newco-admin");
        assertThat(LocalToken.userFor("--new-user", "Ada@NewCo.example")).containsEntry("email", "ada@newco.example");
    }

    @Test
    void an_unknown_tenant_or_role_gets_none_so_the_script_prints_its_usage_instead_of_a_token_or_a_stack_trace() {
        assertThat(LocalToken.userFor("nosuchtenant")).isNull();
        assertThat(LocalToken.userFor("hospital_beta", "superuser")).isNull();
        assertThat(LocalToken.userFor("--new-user", "not-an-email")).isNull();
        assertThat(LocalToken.userFor()).isNull();
    }
}
