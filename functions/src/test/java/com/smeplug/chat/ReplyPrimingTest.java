package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

class ReplyPrimingTest {

    private static final Retriever RETRIEVER = TestPacks.miniRetriever();
    private final PlugCatalog catalog = PlugCatalog.load();

    @Test
    void offline_priming_answers_subject_questions_without_reading_any_records() {
        FakeTenantRecords records = FakeTenantRecords.withSampleTenants();
        OfflineResponder responder = new OfflineResponder(records);

        int answered = new ReplyPriming(new ReplyEngine(catalog, RETRIEVER, responder), catalog, responder).answerPrimingQuestions();

        assertThat(answered).isEqualTo(ReplyPriming.QUESTIONS.size());
        assertThat(records.calls.get()).isZero();
    }

    @Test
    void with_a_model_priming_only_routes_and_retrieves() {
        AtomicInteger asked = new AtomicInteger();
        Responder model = question -> {
            asked.incrementAndGet();
            throw new AssertionError("priming must not call the model");
        };

        int answered = new ReplyPriming(new ReplyEngine(catalog, RETRIEVER, model), catalog, model).answerPrimingQuestions();

        assertThat(answered).isZero();
        assertThat(asked.get()).isZero();
    }
}
