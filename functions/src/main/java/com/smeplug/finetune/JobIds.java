package com.smeplug.finetune;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Job ids sort by creation time as plain strings ({@code ft-<13-digit epoch millis>-<8 hex>}), so a Query on the
 * tenant's {@code FTJOB#} keys in descending order lists the newest jobs first. The random suffix keeps two jobs
 * created in the same millisecond apart. The id also satisfies Bedrock's client request token pattern.
 */
final class JobIds {

    private static final Pattern FORMAT = Pattern.compile("ft-\\d{13}-[0-9a-f]{8}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private JobIds() {
    }

    static String next(Clock clock) {
        byte[] suffix = new byte[4];
        RANDOM.nextBytes(suffix);
        return "ft-" + String.format("%013d", clock.millis()) + "-" + HexFormat.of().formatHex(suffix);
    }

    static boolean valid(String jobId) {
        return jobId != null && FORMAT.matcher(jobId).matches();
    }
}
