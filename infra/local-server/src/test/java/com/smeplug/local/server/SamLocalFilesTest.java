package com.smeplug.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.RepoRoot;
import com.smeplug.local.aws.SamTemplate;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * `sam local invoke -e infra/events/plugs.json PlugsFunction --env-vars infra/local/sam-env.json` reaches the local
 * stack from its container: SAM overrides only variables the template declares, so each one here must be declared,
 * and each must name what ./infra/local/run creates, at host.docker.internal.
 */
class SamLocalFilesTest {

    private static JsonNode samEnv() throws IOException {
        return JsonMapper.builder().build().readTree(Files.readString(RepoRoot.find().resolve("infra/local/sam-env.json")));
    }

    @Test
    void every_variable_the_env_file_sets_is_declared_in_the_template() throws IOException {
        SamTemplate template = SamTemplate.load();
        Set<String> declared = new HashSet<>(template.globalVariables().keySet());
        template.functions().forEach(function -> declared.addAll(function.variables().keySet()));

        samEnv().path("Parameters").propertyNames().forEach(name -> assertThat(declared).as(name).contains(name));
    }

    @Test
    void the_env_file_points_at_the_local_stack_through_host_docker_internal() throws IOException {
        JsonNode variables = samEnv().path("Parameters");

        for (String endpoint : new String[] {"DYNAMODB_ENDPOINT", "SQS_ENDPOINT", "STEP_QUEUE_URL"}) {
            assertThat(URI.create(variables.path(endpoint).asString()).getHost()).as(endpoint).isEqualTo("host.docker.internal");
        }
        assertThat(variables.path("TABLE_NAME").asString()).isEqualTo(LocalAws.tableName(LocalStack.PREFIX));
        assertThat(variables.path("STEP_QUEUE_URL").asString()).endsWith("/" + LocalAws.queueName(LocalStack.PREFIX, "StepQueue"));
    }

    @Test
    void samconfig_uses_the_env_file_for_local_invocations() throws IOException {
        String samconfig = Files.readString(RepoRoot.find().resolve("samconfig.toml"));

        assertThat(samconfig).contains("[default.local_invoke.parameters]\nenv_vars = \"infra/local/sam-env.json\"");
        assertThat(samconfig).contains("capabilities = \"CAPABILITY_IAM\"");
    }
}
