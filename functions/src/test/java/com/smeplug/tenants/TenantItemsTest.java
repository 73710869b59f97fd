package com.smeplug.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class TenantItemsTest {

    static final String TENANT = "t_abc123";

    @Test
    void a_partition_keyed_by_the_tenant_belongs_to_it_whatever_its_kind_even_one_no_store_writes_yet() {
        for (String pk : new String[] {"TENANT#" + TENANT, "USAGE#" + TENANT + "#2026-12", "IDEMPOTENCY#" + TENANT,
                "SOME_FUTURE_KIND#" + TENANT + "#x"}) {
            assertThat(TenantItems.belongs(Items.key(pk, "ANY"), TENANT)).as(pk).isTrue();
        }
    }

    @Test
    void another_tenants_look_alike_keys_do_not_belong_to_it() {
        for (String pk : new String[] {"TENANT#" + TENANT + "x", "IDEMPOTENCY#USER#" + TENANT, "USAGE#x" + TENANT + "#2026-12",
                "DELETION#del_1"}) {
            assertThat(TenantItems.belongs(Items.key(pk, "ANY"), TENANT)).as(pk).isFalse();
        }
    }

    @Test
    void items_elsewhere_that_name_the_tenant_belong_to_it() {
        assertThat(TenantItems.belongs(Items.key("USAGE_MONTH#2026-12", "TENANT#" + TENANT), TENANT)).isTrue();
        Map<String, AttributeValue> membership = new HashMap<>(Items.key("USER#sub-1", "MEMBERSHIP"));
        membership.put("tenant_id", Items.s(TENANT));
        assertThat(TenantItems.belongs(membership, TENANT)).isTrue();
    }
}
