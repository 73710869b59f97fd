package com.smeplug.platform.aws;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import com.smeplug.platform.config.SecretReference;
import com.smeplug.platform.config.Settings;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A function's variables, with its secrets read from Secrets Manager at start-up instead of from the environment:
 * a variable that is not set is looked up as its {@link SecretReference} says, in the JSON secret that its
 * {@code <PREFIX>_SECRET_ARN} variable names. Each secret is read once per container and kept (SnapStart keeps it in
 * the snapshot too); the client is built only when a secret is first needed, so a sample-mode function, which has no
 * ARN variable set, never loads it. A secret that cannot be read stops start-up naming the ARN variable, the secret
 * and why — never a value. {@code SECRETSMANAGER_ENDPOINT} points the client at a local server (tests).
 */
public final class SecretsManagerVariables implements UnaryOperator<String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UnaryOperator<String> variables;
    private final Map<String, Map<String, String>> secrets = new ConcurrentHashMap<>();
    private SecretsManagerClient client;

    private SecretsManagerVariables(UnaryOperator<String> variables) {
        this.variables = variables;
    }

    public static UnaryOperator<String> over(UnaryOperator<String> variables) {
        return new SecretsManagerVariables(variables);
    }

    @Override
    public String apply(String name) {
        String value = variables.apply(name);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return SecretReference.of(name).map(reference -> {
            String secretId = variables.apply(reference.arnVariable());
            if (secretId == null || secretId.isBlank()) {
                return null;
            }
            return secrets.computeIfAbsent(secretId.trim(), id -> read(reference.arnVariable(), id)).get(reference.key());
        }).orElse(null);
    }

    private Map<String, String> read(String arnVariable, String secretId) {
        String json;
        try {
            json = client().getSecretValue(request -> request.secretId(secretId)).secretString();
        }
        catch (SdkException e) {
            throw new IllegalStateException(arnVariable + " names the secret " + secretId + ", which could not be read: "
                    + e.getMessage(), e);
        }
        try {
            JsonNode values = json == null ? null : JSON.readTree(json);
            if (values == null || !values.isObject()) {
                throw new IllegalStateException(arnVariable + " names the secret " + secretId
                        + ", whose value is not a JSON object of key/value pairs");
            }
            Map<String, String> result = new HashMap<>();
            values.properties().forEach(entry -> result.put(entry.getKey(), entry.getValue().asString()));
            return Map.copyOf(result);
        }
        catch (JacksonException e) {
            // The parser's message could quote the secret: say only where the problem is.
            throw new IllegalStateException(arnVariable + " names the secret " + secretId
                    + ", whose value is not a JSON object of key/value pairs");
        }
    }

    private synchronized SecretsManagerClient client() {
        if (client == null) {
            Settings settings = new Settings(variables);
            client = new AwsClients(settings)
                    .configure(SecretsManagerClient.builder(), settings.get("SECRETSMANAGER_ENDPOINT", null))
                    .build();
        }
        return client;
    }
}
