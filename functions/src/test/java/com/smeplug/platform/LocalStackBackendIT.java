package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.testing.Backends;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.EnabledIfDockerAvailable;

/**
 * The template's table and queues, and a function on top of them, against LocalStack in a container. Skipped
 * (and reported as skipped) where no Docker engine runs; run the whole suite there with -Dsmeplug.backend=localstack.
 */
@EnabledIfDockerAvailable
class LocalStackBackendIT {

    static LocalAws aws;
    static TestStack stack;

    @BeforeAll
    static void start() {
        String endpoint = Backends.localStack().getEndpoint().toString();
        aws = LocalAws.attach("localstack-it", endpoint, endpoint);
        System.setProperty("smeplug.backend", "localstack");
        stack = TestStack.start("localstack-plugs");
    }

    @AfterAll
    static void stop() {
        System.clearProperty("smeplug.backend");
        if (stack != null) {
            stack.close();
        }
        if (aws != null) {
            aws.close();
        }
    }

    @Test
    void the_template_resources_exist_on_localstack() {
        assertThat(aws.dynamoDb().describeTable(b -> b.tableName(aws.tableName())).table().tableName()).isEqualTo(aws.tableName());
        assertThat(aws.queueUrl("StepQueue")).contains("StepQueue");
    }

    @Test
    void plugs_answers_from_localstack() {
        var result = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("subscribed_plug_ids").toString()).isEqualTo("[\"legal\"]");
    }
}
