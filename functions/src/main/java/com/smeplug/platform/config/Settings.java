package com.smeplug.platform.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

import org.springframework.core.env.Environment;

/**
 * The function's variables, read once at start-up. Names are the environment variable names used in
 * {@code template.yaml}, so a reader can grep one name from the template to the code.
 */
public final class Settings {

    private final UnaryOperator<String> variables;

    public Settings(Environment environment) {
        this(environment::getProperty);
    }

    /** {@code variables} answers a name with its value, or null (a hand-wired handler, without Spring). */
    public Settings(UnaryOperator<String> variables) {
        this.variables = variables;
    }

    public String get(String name, String fallback) {
        String value = variables.apply(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String required(String name, String neededBy) {
        String value = variables.apply(name);
        if (value == null || value.isBlank()) {
            throw new MissingSettingException(name, neededBy);
        }
        return value.trim();
    }

    /** A {@code USE_REAL_*} style switch: only "true" or "false"; a typo stops start-up instead of meaning false. */
    public boolean flag(String name) {
        String value = get(name, "false").toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalStateException(name + " must be true or false, was '" + value + "'");
        };
    }

    public int integer(String name, int fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a whole number, was '" + value + "'");
        }
    }

    public double decimal(String name, double fallback) {
        String value = get(name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(value);
        }
        catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a number, was '" + value + "'");
        }
    }

    public Duration millis(String name, long fallbackMillis) {
        return Duration.ofMillis(integer(name, (int) fallbackMillis));
    }
}
