package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.PassageIndex;
import com.smeplug.answers.Terms;
import org.junit.jupiter.api.Test;

class PassageIndexTest {

    private final PassageIndex index = PassageIndex.build(TestPacks.mini());

    private List<String> ids(List<Hit> hits) {
        return hits.stream().map(h -> h.passage().id()).toList();
    }

    @Test
    void the_passage_that_answers_the_question_ranks_first() {
        List<Hit> hits = index.search("How long do we have to notify a GDPR data breach to the authority?", null,
                List.of("legal", "healthcare", "engineering"), 5);

        assertThat(ids(hits).get(0)).isEqualTo("t-legal-breach-notice");
        assertThat(hits).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
    }

    @Test
    void a_search_stays_within_the_given_plugs() {
        List<Hit> hits = index.search("data breach rebar gloves W18x35", null, List.of("engineering"), 10);

        assertThat(hits).isNotEmpty().allMatch(h -> h.plugId().equals("engineering"));
    }

    @Test
    void a_designation_like_W18x35_is_one_searchable_term() {
        assertThat(Terms.of("What does W18x35 mean?")).containsExactly("w18x35");
        assertThat(ids(index.search("What does W18x35 mean?", null, List.of("legal", "healthcare", "engineering"), 3)))
                .containsExactly("t-eng-wshape");
    }

    @Test
    void question_words_alone_match_nothing() {
        assertThat(index.search("what do we have, how much, can you tell me?", null, List.of("legal", "healthcare", "engineering"), 5))
                .isEmpty();
    }

    @Test
    void the_previous_question_helps_a_short_follow_up_but_weighs_less() {
        String previous = "What must a controller do after a personal data breach?";

        List<Hit> alone = index.search("And the data subjects?", null, List.of("legal"), 3);
        List<Hit> withContext = index.search("And the data subjects?", previous, List.of("legal"), 3);

        assertThat(ids(withContext).get(0)).isEqualTo("t-legal-breach-subjects");
        assertThat(withContext.get(0).score()).isGreaterThan(alone.get(0).score());
    }

    @Test
    void an_empty_plug_list_finds_nothing() {
        assertThat(index.search("data breach", null, List.of(), 5)).isEmpty();
    }
}
