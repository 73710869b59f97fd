package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.answers.Terms;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.usage.UsageMeter.TokenUsage;
import org.junit.jupiter.api.Test;

class OfflineResponderTest {

    private static final Retriever RETRIEVER = TestPacks.miniRetriever();
    private final FakeTenantRecords records = FakeTenantRecords.withSampleTenants();
    private final OfflineResponder responder = new OfflineResponder(records);

    private Answer ask(String tenant, Plug plug, String message) {
        return ask(tenant, plug, message, Optional.empty());
    }

    private Answer ask(String tenant, Plug plug, String message, Optional<Specialisation> specialisation) {
        return responder.answer(new Question(tenant, plug, message, List.of(),
                RETRIEVER.search(message, null, List.of(plug.plugId()), ReplyEngine.PASSAGES), specialisation));
    }

    @Test
    void a_subject_question_is_answered_with_sentences_of_the_best_passage_and_cites_it() {
        Answer answer = ask("lawfirm_alpha", TestPacks.LEGAL, "How long do we have to notify a GDPR data breach?");

        assertThat(answer.citations().get(0).passageId()).isEqualTo("t-legal-breach-notice");
        assertThat(answer.citations().get(0).reference()).isEqualTo("GDPR Art. 33");
        assertThat(answer.citations().get(0).source()).isEqualTo("knowledge_pack");
        assertThat(answer.citations().get(0).mockMode()).isFalse();
        assertThat(answer.answerSource()).isEqualTo("knowledge_pack");
        assertThat(answer.source()).isEqualTo("sample");
        assertThat(answer.citations().get(0).title()).isEqualTo("GDPR Art. 33: notifying a personal data breach");
        assertThat(answer.citations()).allMatch(c -> c.kind().equals(Citation.PASSAGE));
        assertThat(answer.reply()).contains("within 72 hours").contains("[1]")
                .endsWith("Test disclaimer for legal: information, not advice.");
        assertThat(answer.model()).isEqualTo("offline-extractive");
        assertThat(answer.mockMode()).isTrue();
        assertThat(answer.tokens()).isEqualTo(TokenUsage.NONE);
    }

    @Test
    void the_excerpt_is_the_text_the_reply_quotes() {
        Answer answer = ask("buildco_gamma", TestPacks.ENGINEERING, "What does W18x35 mean?");

        Citation citation = answer.citations().get(0);
        assertThat(citation.passageId()).isEqualTo("t-eng-wshape");
        assertThat(answer.reply()).contains(citation.excerpt());
        assertThat(citation.excerpt()).contains("W18x35");
    }

    @Test
    void sentences_are_split_without_breaking_abbreviations() {
        assertThat(OfflineResponder.split("Under Art. 33 a controller must notify. Is it late? Give reasons."))
                .containsExactly("Under Art. 33 a controller must notify.", "Is it late?", "Give reasons.");
    }

    @Test
    void the_best_passage_is_quoted_from_its_first_relevant_sentence_and_others_by_their_most_relevant_one() {
        Passage passage = TestPacks.mini().stream().filter(p -> p.id().equals("t-legal-breach-notice")).findFirst().orElseThrow();

        assertThat(responder.sentences(passage, Terms.of("reasons"), true))
                .containsExactly("A notification made later than 72 hours must give the reasons for the delay.",
                        "No notification is needed when the breach is unlikely to result in a risk to people's rights and freedoms.");
        assertThat(responder.sentences(passage, Terms.of("risk to rights of people"), false))
                .containsExactly("No notification is needed when the breach is unlikely to result in a risk to people's rights and freedoms.");
        // retrieval kept this passage because it answers too: without a sentence sharing terms, its opening one
        assertThat(responder.sentences(passage, Terms.of("people buying rebar and concrete"), false))
                .containsExactly("A controller must notify a personal data breach to the supervisory authority without undue delay and, where feasible, within 72 hours of becoming aware of it.");
    }

    @Test
    void a_question_the_pack_does_not_cover_gets_an_honest_reply_without_citations() {
        Answer answer = ask("lawfirm_alpha", TestPacks.LEGAL, "Tell me about quantum chromodynamics");

        assertThat(answer.citations()).isEmpty();
        assertThat(answer.reply()).startsWith("The Legal SME knowledge pack has no answer to this question, so nothing is cited.")
                .contains("It covers questions about legal topics.");
    }

    @Test
    void the_no_answer_reply_says_in_plain_words_what_each_real_plug_covers() {
        for (Plug plug : PlugCatalog.load().all()) {
            String reply = OfflineResponder.noAnswer(plug);

            assertThat(reply).as(plug.plugId()).contains("It covers ").doesNotContainIgnoringCase("covers handles")
                    .doesNotContain("It covers questions about questions").endsWith(".");
        }
        assertThat(OfflineResponder.noAnswer(PlugCatalog.load().find("legal").orElseThrow()))
                .contains("It covers general questions about GDPR and privacy compliance");
    }

    @Test
    void open_cases_come_from_the_tenants_own_crm_and_cite_each_case() {
        Answer answer = ask("hospital_beta", TestPacks.HEALTHCARE, "What are our open cases?");

        assertThat(answer.citations()).extracting(Citation::title)
                .containsExactly("Salesforce case 00001027", "Salesforce case 00001031");
        assertThat(answer.citations()).allMatch(c -> c.source().equals("sample") && c.mockMode() && c.kind().equals(Citation.CRM));
        assertThat(answer.reply()).contains("EHR integration setup", "HIPAA audit support", "sample data")
                .doesNotContain("GDPR compliance review");
    }

    @Test
    void a_tenant_without_crm_data_is_told_so_and_sees_no_other_tenants_cases() {
        Answer answer = ask("buildco_gamma", TestPacks.ENGINEERING, "What are our open cases?");

        assertThat(answer.citations()).isEmpty();
        assertThat(answer.reply()).contains("no CRM connection").doesNotContain("00001027").doesNotContain("00002001");
    }

    @Test
    void stock_questions_name_the_matching_material() {
        Answer rebar = ask("buildco_gamma", TestPacks.ENGINEERING, "How much rebar do we have?");
        Answer gloves = ask("hospital_beta", TestPacks.HEALTHCARE, "stock of gloves");

        assertThat(rebar.reply()).contains("#5 rebar: 12,500 LB in stock");
        assertThat(rebar.citations()).extracting(Citation::title).containsExactly("SAP material MAT-RB-5");
        assertThat(gloves.citations()).extracting(Citation::title).containsExactly("SAP material MAT-NG-100");
        assertThat(gloves.reply()).doesNotContain("IV saline");
    }

    @Test
    void purchase_orders_are_listed_with_vendor_and_amount() {
        Answer answer = ask("hospital_beta", TestPacks.HEALTHCARE, "Which purchase orders are open?");

        assertThat(answer.citations()).extracting(Citation::title).containsExactly("SAP purchase order 4500001201");
        assertThat(answer.reply()).contains("Medline", "amount 18,250.50");
    }

    @Test
    void a_possible_record_question_that_matches_no_record_is_a_subject_question() {
        Answer answer = ask("lawfirm_alpha", TestPacks.LEGAL, "How many hours do we have to notify a data breach?");

        assertThat(answer.citations().get(0).passageId()).isEqualTo("t-legal-breach-notice");
    }

    @Test
    void a_message_close_to_an_exemplar_of_the_tenants_specialisation_gets_its_answer() {
        Specialisation specialisation = new Specialisation("hospital_beta", "healthcare", "spec-hb-7", 2,
                List.of(new Exemplar("Which HIPAA technical safeguards apply to our EHR?",
                        "At Hospital Beta, the EHR uses unique logins, audit logs reviewed weekly and TLS 1.2+ everywhere.")),
                null, Instant.parse("2026-01-01T00:00:00Z"));

        Answer specialised = ask("hospital_beta", TestPacks.HEALTHCARE, "What HIPAA technical safeguards apply to our EHR?",
                Optional.of(specialisation));
        Answer plain = ask("hospital_beta", TestPacks.HEALTHCARE, "What HIPAA technical safeguards apply to our EHR?");

        assertThat(specialised.reply()).startsWith("At Hospital Beta, the EHR uses unique logins");
        assertThat(specialised.citations()).singleElement().satisfies(c -> {
            assertThat(c.source()).isEqualTo("specialisation");
            assertThat(c.reference()).isEqualTo("specialisation spec-hb-7");
            assertThat(c.kind()).isEqualTo(Citation.SPECIALISATION);
        });
        assertThat(specialised.answerSource()).as("what the reply was written from").isEqualTo("specialisation");
        assertThat(plain.answerSource()).isEqualTo("knowledge_pack");
        assertThat(plain.reply()).doesNotContain("Hospital Beta");
        assertThat(plain.citations().get(0).passageId()).isEqualTo("t-health-technical");
    }

    @Test
    void an_unrelated_message_ignores_the_specialisation() {
        Specialisation specialisation = new Specialisation("hospital_beta", "healthcare", "spec-hb-7", 2,
                List.of(new Exemplar("Which HIPAA technical safeguards apply to our EHR?", "Our own answer.")), null,
                Instant.parse("2026-01-01T00:00:00Z"));

        Answer answer = ask("hospital_beta", TestPacks.HEALTHCARE, "How should nitrile examination gloves be stored?",
                Optional.of(specialisation));

        assertThat(answer.reply()).doesNotContain("Our own answer.");
        assertThat(answer.citations().get(0).passageId()).isEqualTo("t-health-gloves");
    }
}
