package com.smeplug.platform.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.platform.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * The DynamoDB client the functions build (AwsClients) against dynalite: a GetItem of a probe key that a store
 * declared finds the declared item through the SDK's own response handling (checksum, JSON unmarshalling of every
 * attribute type the stores use), while the table stays empty of it; every other key is the table's answer.
 */
class ProbeItemsIT {

    private static final Map<String, AttributeValue> DECLARED = Map.of(
            "name", Items.s("probe"), "count", Items.n(3), "flag", Items.bool(true),
            "plugs", Items.strings(List.of("legal", "healthcare")),
            "nested", AttributeValue.fromM(Map.of("inner", Items.s("x"))), "nothing", AttributeValue.fromNul(true));

    static LocalAws aws;
    static DynamoDbClient client;

    @BeforeAll
    static void start() {
        aws = LocalAws.start("probeitems");
        client = new AwsClients(new Settings(name -> name.equals("DYNAMODB_ENDPOINT") ? aws.dynalite().endpoint() : null)).dynamoDb();
        ProbeItems.declare("THING#~probe-x", "DECLARED", DECLARED);
        ProbeItems.declare("MONTHLY#~probe-x#", "DECLARED", Map.of("month", Items.s("any")));
    }

    @AfterAll
    static void stop() {
        client.close();
        aws.close();
    }

    @Test
    void a_read_of_a_declared_probe_key_finds_the_declared_item_through_the_sdk_and_nothing_is_stored() {
        assertThat(get("THING#~probe-x", "DECLARED")).isEqualTo(DECLARED);
        assertThat(get("MONTHLY#~probe-x#2026-12", "DECLARED")).isEqualTo(Map.of("month", Items.s("any")));

        assertThat(client.scan(ScanRequest.builder().tableName(aws.tableName()).build()).items()).isEmpty();
    }

    @Test
    void a_real_key_is_answered_by_the_table_even_with_the_sort_key_of_a_probe_item() {
        assertThat(get("THING#alice", "DECLARED")).isEmpty();

        Map<String, AttributeValue> stored = Map.of("PK", Items.s("THING#bob"), "SK", Items.s("DECLARED"),
                "name", Items.s("bob's"));
        client.putItem(b -> b.tableName(aws.tableName()).item(stored));
        assertThat(get("THING#bob", "DECLARED")).isEqualTo(stored);
        client.deleteItem(b -> b.tableName(aws.tableName()).key(Items.key("THING#bob", "DECLARED")));
    }

    @Test
    void a_probe_key_nobody_declared_is_not_found() {
        assertThat(get("THING#~probe-x", "UNDECLARED")).isEmpty();
        assertThat(get("OTHER#~probe-x", "DECLARED")).isEmpty();
    }

    @Test
    void only_a_key_naming_a_probe_id_can_be_declared() {
        assertThatThrownBy(() -> ProbeItems.declare("USER#alice", "MEMBERSHIP", DECLARED))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Map<String, AttributeValue> get(String pk, String sk) {
        return client.getItem(GetItemRequest.builder().tableName(aws.tableName()).key(Items.key(pk, sk))
                .consistentRead(true).build()).item();
    }
}
