package com.smeplug.finetune;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.smeplug.platform.http.Json;
import tools.jackson.core.type.TypeReference;

/** Test data files under src/test/resources/finetune. */
final class FinetuneFixtures {

    private FinetuneFixtures() {
    }

    /** 50 legal questions: 10 topics (GDPR access requests, contract breach, …) with 5 phrasings each. */
    static List<Example> legalExamples() {
        return Json.MAPPER.readValue(text("legal-examples-50.json"), new TypeReference<List<Example>>() { });
    }

    static String text(String name) {
        try (InputStream in = FinetuneFixtures.class.getResourceAsStream("/finetune/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture finetune/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
