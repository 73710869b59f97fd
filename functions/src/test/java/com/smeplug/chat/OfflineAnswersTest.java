package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

/** The answers port fine-tune scores against: chat's offline reply for a plug with no specialisation. */
class OfflineAnswersTest {

    /** One of the ten prompts the sample fine-tune holds out of finetune/legal-examples-50.json. */
    private static final String HOLD_OUT_PROMPT = "What must we include when responding to a subject access request?";

    private static final PlugCatalog CATALOG = PlugCatalog.load();
    private static final Retriever RETRIEVER = Retriever.build(
            KnowledgePacks.load(CATALOG.all().stream().map(Plug::plugId).toList()), TestPacks.model());

    private final UnspecialisedAnswers answers = new OfflineAnswers(CATALOG, RETRIEVER);

    @Test
    void a_hold_out_prompt_gets_what_offline_chat_answers_for_that_plug_without_a_specialisation() throws IOException {
        ReplyEngine chat = new ReplyEngine(CATALOG, RETRIEVER, new OfflineResponder(FakeTenantRecords.withSampleTenants()));
        String served = chat.answer("lawfirm_alpha", new PlugChoice("legal", "requested"), HOLD_OUT_PROMPT, null,
                List.of(), Optional.empty()).reply();

        String baseline = answers.answer("legal", HOLD_OUT_PROMPT);

        assertThat(baseline).isEqualTo(served).isEqualTo(expected("legal-subject-access-request.txt"));
    }

    @Test
    void a_question_about_records_reads_no_tenant_records() {
        String baseline = answers.answer("legal", "Show me our open support cases");

        assertThat(baseline).contains("Your organisation has no CRM connection or CRM sample data");
    }

    private static String expected(String name) throws IOException {
        try (InputStream in = OfflineAnswersTest.class.getResourceAsStream("/chat/unspecialised/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
