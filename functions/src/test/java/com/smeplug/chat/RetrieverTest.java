package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.answers.Terms;
import org.junit.jupiter.api.Test;

class RetrieverTest {

    private static final Retriever RETRIEVER = TestPacks.miniRetriever();
    private static final List<String> ALL = List.of("legal", "healthcare", "engineering");

    private static List<String> ids(List<Hit> hits) {
        return hits.stream().map(h -> h.passage().id()).toList();
    }

    @Test
    void a_question_in_a_users_words_finds_the_passage_that_shares_hardly_any_of_them() {
        List<Hit> hits = RETRIEVER.search("How thick is a number 5 reinforcing bar?", null, ALL, 3);

        assertThat(ids(hits)).first().isEqualTo("t-eng-rebar");
    }

    @Test
    void a_question_no_pack_answers_gets_no_passage_even_when_it_shares_a_word() {
        assertThat(RETRIEVER.search("What VAT rate applies to a contract for consulting services in Germany?", null, ALL, 5))
                .isEmpty();
        assertThat(RETRIEVER.search("Can you recommend a good restaurant near the courthouse?", null, ALL, 5)).isEmpty();
    }

    @Test
    void every_passage_returned_scores_close_to_the_best_and_stays_on_the_questions_topic() {
        List<Hit> hits = RETRIEVER.search("What must we do after a personal data breach?", null, ALL, 5);

        assertThat(hits).isNotEmpty().isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
        assertThat(hits).allMatch(h -> h.score() >= hits.get(0).score() - Retriever.Tuning.DEFAULT.citeMargin());
        assertThat(ids(hits)).doesNotContain("t-eng-rebar", "t-health-gloves");
    }

    @Test
    void once_the_best_passage_answers_the_passages_close_behind_it_are_cited_without_clearing_the_rule_themselves() {
        String question = "What must we do after a personal data breach?";
        Retriever.Tuning served = Retriever.Tuning.DEFAULT;
        List<Hit> ranked = Retriever.build(TestPacks.mini(), TestPacks.model(), new Retriever.Tuning(
                served.lexicalWeight(), 0f, 0f, -10f, served.citeMargin(), served.askedWeight())).search(question, null, ALL, 5);
        float bestCosine = ranked.get(0).cosine();
        List<String> below = ranked.stream().skip(1).filter(h -> h.cosine() < bestCosine).map(h -> h.passage().id()).toList();
        assertThat(below).as("passages within the margin whose cosine is below the best one's").isNotEmpty();

        // the rule (here: cosine alone) is cleared by the best passage only
        List<Hit> hits = Retriever.build(TestPacks.mini(), TestPacks.model(), new Retriever.Tuning(
                served.lexicalWeight(), 0f, 0f, bestCosine, served.citeMargin(), served.askedWeight())).search(question, null, ALL, 5);

        assertThat(ids(hits)).isEqualTo(ids(ranked)).containsAll(below);
    }

    @Test
    void a_situation_worded_like_a_passages_asked_as_wording_reaches_that_passage_over_its_neighbour() {
        // "who do we tell and by when" asks for the authority deadline (breach-notice); the situation's nouns alone put
        // the neighbouring passage (telling the customers) first
        String question = "Hackers were in our customer database since Friday, who do we tell and by when?";
        Retriever.Tuning served = Retriever.Tuning.DEFAULT;

        List<Hit> withAskedAs = Retriever.build(TestPacks.miniAskedAs(), TestPacks.model(), served).search(question, null, ALL, 3);
        List<Hit> withoutAskedAs = Retriever.build(TestPacks.miniAskedAs(), TestPacks.model(), served.withAskedWeight(0f))
                .search(question, null, ALL, 3);

        assertThat(served.askedWeight()).isPositive();
        assertThat(ids(withAskedAs)).first().isEqualTo("t-legal-breach-notice");
        assertThat(ids(withoutAskedAs)).first().isEqualTo("t-legal-breach-subjects");
    }

    @Test
    void asked_as_wordings_only_lift_a_passage_toward_them_and_never_lower_it() {
        String question = "The stockroom gloves are piled next to a sunny window, is that a problem?";
        Retriever.Tuning served = Retriever.Tuning.DEFAULT;
        float plain = cosineOfGloves(served.withAskedWeight(0f), question);
        float lifted = cosineOfGloves(served, question);
        float full = cosineOfGloves(served.withAskedWeight(1f), question);

        assertThat(lifted).isGreaterThan(plain).isLessThanOrEqualTo(full);
        assertThat(cosineOfGloves(served, "What is the standard nitrile examination glove?"))
                .isGreaterThanOrEqualTo(cosineOfGloves(served.withAskedWeight(0f), "What is the standard nitrile examination glove?"));
    }

    private static float cosineOfGloves(Retriever.Tuning tuning, String question) {
        Retriever.Tuning everything = new Retriever.Tuning(tuning.lexicalWeight(), 0f, 0f, -10f, 10f, tuning.askedWeight());
        return Retriever.build(TestPacks.miniAskedAs(), TestPacks.model(), everything).search(question, null, ALL, 10)
                .stream().filter(h -> h.passage().id().equals("t-health-gloves")).findFirst().orElseThrow().cosine();
    }

    @Test
    void file_and_filing_stay_different_terms_while_plurals_and_tenses_still_meet() {
        assertThat(Terms.of("our file on her")).doesNotContainAnyElementsOf(Terms.of("the filing date"));
        assertThat(Terms.of("breaches notified")).containsExactlyElementsOf(Terms.of("breach notify"));
    }

    @Test
    void the_thesaurus_takes_a_users_words_to_the_packs_terms() {
        assertThat(Terms.query("the newsletter box was pre-ticked", 64)).contains("consent");
        assertThat(Terms.query("a stolen laptop with patient records", 64)).contains("breach", "unsecur", "phi");
        assertThat(Terms.query("a nurse got stuck with a needle", 64)).contains("needlestick");
        assertThat(Terms.of("a stolen laptop with patient records")).doesNotContain("breach");
    }

    @Test
    void the_sentence_model_reads_each_thesaurus_entry_as_the_phrase_it_is_without_the_words_the_user_wrote() {
        List<String> expansions = Terms.expansions("She wants a copy of everything we hold on her");

        assertThat(expansions).contains("right of access", "data subject", "personal data", "dsar")
                .doesNotContain("copy of everything", "right", "of", "data", "her");
        assertThat(Terms.expansions("What VAT rate applies in Germany?")).isEmpty();
    }

    @Test
    void an_entry_of_one_word_is_an_expansion_too() {
        assertThat(Terms.expansions("Can she make us delete it?")).contains("erasure", "wipe", "forget");
        assertThat(Terms.expansions("How much could we be fined?")).contains("penalty", "sanction");
    }

    @Test
    void a_message_of_the_longest_allowed_length_made_of_thesaurus_words_is_expanded_whole() {
        // each "export" adds a four-word entry's nodes to the synonym graph: 1,100 of them made Lucene's graph
        // analysis (GraphTokenStreamFiniteStrings) refuse the graph
        String dense = "export ".repeat(1_100) + "dsar";

        assertThat(dense.length()).isLessThanOrEqualTo(8_000);
        assertThat(Terms.expansions(dense)).contains("take it to another", "portability", "right of access")
                .doesNotHaveDuplicates();
    }

    @Test
    void each_word_a_user_wrote_is_one_group_with_the_thesaurus_terms_that_stand_for_it() {
        var groups = Terms.groups("a stolen laptop with patient records", 64);

        assertThat(groups.keySet()).containsExactlyElementsOf(Terms.of("a stolen laptop with patient records"));
        assertThat(groups.get("stolen")).contains("stolen", "breach", "unsecur");
        assertThat(groups.get("laptop")).contains("laptop", "breach");
        assertThat(groups.get("patient")).contains("phi");
        assertThat(Terms.groups("what VAT rate applies in Germany", 64).values()).allMatch(g -> g.size() == 1);
    }
}
