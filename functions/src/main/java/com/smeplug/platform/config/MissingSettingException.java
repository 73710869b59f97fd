package com.smeplug.platform.config;

/** A real mode was switched on without what it needs: start-up stops here and names the variable. */
public class MissingSettingException extends IllegalStateException {

    public MissingSettingException(String variable, String neededBy) {
        super(variable + " is required when " + neededBy + " (set it"
                + SecretReference.of(variable).map(secret -> ", or deployed key " + secret.key() + " of the secret "
                        + secret.arnVariable() + " names").orElse("")
                + ", or switch the real mode off)");
    }
}
