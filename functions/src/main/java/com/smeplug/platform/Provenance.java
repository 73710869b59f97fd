package com.smeplug.platform;

/**
 * Who answers (SPEC §1), the base of every port with a sample and a real implementation: a response carries it as
 * {@code source} and {@code mock_mode}. Sample data is always {@code source: "sample"} and mock mode; a real system
 * names itself and is never mock mode, so {@link #mockMode} follows from {@link #source} and no implementation says it
 * again.
 */
public interface Provenance {

    String SAMPLE = "sample";

    /** {@value #SAMPLE}, or the real system's name ("salesforce", "sap", "stripe", "bedrock"). */
    String source();

    default boolean mockMode() {
        return SAMPLE.equals(source());
    }
}
