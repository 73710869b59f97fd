package com.smeplug.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.smeplug.platform.http.Json;
import tools.jackson.databind.JsonNode;

/**
 * What the answer to an event of infra/events must be: a 2xx with a Content-Type, unless {@code <name>.expect.json}
 * beside the event names another {@code status}, fields the body must have ({@code body_has}) or, for a non-HTTP
 * function, the exact answer ({@code raw_equals}); a non-HTTP answer is never a Lambda error.
 */
public final class EventExpectation {

    private EventExpectation() {
    }

    /** The function an event file is for: its name up to the first dot ({@code console.asset.json} is console's). */
    public static String definition(Path event) {
        return event.getFileName().toString().replaceFirst("\\.json$", "").split("\\.")[0];
    }

    public static void check(Path event, String raw) {
        String name = event.getFileName().toString().replaceFirst("\\.json$", "");
        Path expectFile = event.resolveSibling(name + ".expect.json");
        JsonNode expect;
        try {
            expect = Files.exists(expectFile) ? Json.tree(Files.readString(expectFile)) : Json.tree("{}");
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (raw.contains("\"statusCode\"")) {
            HttpResult result = HttpResult.parse(raw);
            if (expect.has("status")) {
                assertThat(result.status()).as(raw).isEqualTo(expect.path("status").asInt());
            }
            else {
                assertThat(result.status()).as(raw).isBetween(200, 299);
            }
            assertThat(result.header("content-type")).isNotBlank();
            expect.path("body_has").forEach(field -> assertThat(result.json().has(field.asString())).as(field.asString()).isTrue());
        }
        else {
            assertThat(raw).as("non-HTTP response").doesNotContain("errorMessage");
            if (expect.has("raw_equals")) {
                assertThat(Json.tree(raw)).isEqualTo(expect.path("raw_equals"));
            }
        }
    }
}
