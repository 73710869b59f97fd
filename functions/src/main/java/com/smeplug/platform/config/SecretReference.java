package com.smeplug.platform.config;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a variable's value lives when it is a secret: deployed, {@code SALESFORCE_CLIENT_ID} is not an environment
 * variable but key {@code client_id} of the JSON secret that {@code SALESFORCE_SECRET_ARN} names (the part before
 * the first underscore picks the secret, the rest, in lower case, the key). Read at start-up by
 * platform/aws/SecretsManagerVariables; a variable that is set (tests, the local stack) wins.
 */
public record SecretReference(String arnVariable, String key) {

    public static Optional<SecretReference> of(String variable) {
        int cut = variable.indexOf('_');
        if (cut <= 0 || cut == variable.length() - 1 || variable.endsWith("_SECRET_ARN")) {
            return Optional.empty();
        }
        return Optional.of(new SecretReference(variable.substring(0, cut) + "_SECRET_ARN",
                variable.substring(cut + 1).toLowerCase(Locale.ROOT)));
    }
}
