package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

class PlugRouterTest {

    private static final List<String> ALL = List.of("healthcare", "legal", "engineering");

    private static final Retriever RETRIEVER = TestPacks.miniRetriever();
    private final PlugRouter router = new PlugRouter(PlugCatalog.load(), RETRIEVER);

    @Test
    void the_passages_found_while_routing_are_the_chosen_plugs_best_passages() {
        for (String question : List.of("GDPR data breach notification", "technical safeguards", "W18x35 designation")) {
            PlugChoice choice = router.choose(null, ALL, question, null, null, 2);

            assertThat(choice.passages()).as(question).isNotEmpty().allMatch(h -> h.plugId().equals(choice.plugId()));
            assertThat(choice.passages().get(0).passage())
                    .isEqualTo(RETRIEVER.search(question, null, List.of(choice.plugId()), 2).get(0).passage());
        }
    }

    @Test
    void without_active_plug_the_best_matching_subscribed_pack_wins() {
        assertThat(router.choose(null, ALL, "When must a GDPR data breach be notified?", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("legal", "best_match");
        assertThat(router.choose(null, ALL, "Which technical safeguards does the HIPAA Security Rule require?", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("healthcare", "best_match");
        assertThat(router.choose(null, ALL, "What does W18x35 mean?", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("engineering", "best_match");
    }

    @Test
    void only_subscribed_plugs_are_candidates() {
        assertThat(router.choose(null, List.of("legal", "healthcare"), "What does W18x35 mean?", null, null, 5).plugId())
                .isNotEqualTo("engineering");
    }

    @Test
    void a_single_subscription_answers_everything() {
        assertThat(router.choose(null, List.of("engineering"), "GDPR breach notification", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("engineering", "only_subscribed");
    }

    @Test
    void when_no_pack_answers_the_sessions_plug_then_the_first_subscription_answers() {
        assertThat(router.choose(null, ALL, "hello?", null, "engineering", 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("engineering", "default");
        assertThat(router.choose(null, ALL, "hello?", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("healthcare", "default");
    }

    @Test
    void an_explicit_subscribed_plug_is_used_as_is() {
        assertThat(router.choose("engineering", ALL, "GDPR breach notification", null, null, 5))
                .extracting(PlugChoice::plugId, PlugChoice::routing).containsExactly("engineering", "requested");
    }

    @Test
    void an_explicit_plug_the_tenant_does_not_subscribe_to_is_403() {
        assertThatThrownBy(() -> router.choose("healthcare", List.of("legal"), "HIPAA", null, null, 5))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo("plug_not_subscribed");
                });
    }

    @Test
    void an_unknown_plug_is_400() {
        assertThatThrownBy(() -> router.choose("astrology", ALL, "stars", null, null, 5))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("legal", "healthcare", "engineering");
                });
    }

    @Test
    void a_tenant_without_subscription_is_402_no_subscription() {
        assertThatThrownBy(() -> router.choose(null, List.of(), "anything", null, null, 5))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(402);
                    assertThat(e.code()).isEqualTo("no_subscription");
                });
    }
}
