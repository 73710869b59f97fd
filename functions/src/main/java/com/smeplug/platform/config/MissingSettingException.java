package com.smeplug.platform.config;

/** A real mode was switched on without what it needs: start-up stops here and names the variable. */
public class MissingSettingException extends IllegalStateException {

    public MissingSettingException(String variable, String neededBy) {
        super(variable + " is required when " + neededBy + " (set it, or switch the real mode off)");
    }
}
