package com.smeplug.chat;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.Timeout;
import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.billing.Entitlements;
import com.smeplug.billing.Subscriptions;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.chat.knowledge.SentenceModel;
import com.smeplug.finetune.Specialisations;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.usage.UsageMeter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The chat feature's beans and the {@code chat} function ({@code POST /chat}). */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /** Enough for 8,000 characters even when every one is sent as a JSON escape; the message limit is checked after. */
    static final int MAX_BODY_BYTES = 128 * 1024;

    private static final String PRIMING_QUESTION = "{\"message\":\"What are the HIPAA technical safeguards?\"}";

    /**
     * Built once per container (in the Lambda init phase, so SnapStart snapshots it): the sentence model (~1 s to
     * load), the BM25 index of the packs and their build-time passage vectors.
     */
    @Bean
    Retriever retriever(PlugCatalog catalog) {
        return Retriever.build(KnowledgePacks.load(catalog.all().stream().map(Plug::plugId).toList()), SentenceModel.load());
    }

    /** The answers port fine-tune scores a specialisation against: the offline reply with no specialisation. */
    @Bean
    UnspecialisedAnswers unspecialisedAnswers(PlugCatalog catalog, Retriever retriever) {
        return new OfflineAnswers(catalog, retriever);
    }

    @Bean
    ChatSessions chatSessions(Table table, Clock clock, Settings settings) {
        return new ChatSessions(table, clock, Duration.ofHours(settings.integer("SESSION_TTL_HOURS", 72)));
    }

    /**
     * {@code USE_REAL_LLM=true}: Claude through the official SDK ({@code ANTHROPIC_API_KEY} required,
     * {@code ANTHROPIC_BASE_URL} to point it elsewhere, {@code ANTHROPIC_MODEL}, {@code ANTHROPIC_MAX_TOKENS},
     * {@code ANTHROPIC_TIMEOUT_MS} per attempt, {@code ANTHROPIC_MAX_RETRIES}, {@code ANTHROPIC_DEADLINE_MS} for the
     * whole answer). Otherwise the offline, extractive responder.
     */
    @Bean
    Responder chatResponder(Settings settings, TenantRecords records) {
        if (!settings.flag("USE_REAL_LLM")) {
            return new OfflineResponder(records);
        }
        String apiKey = settings.required("ANTHROPIC_API_KEY", "USE_REAL_LLM=true");
        Duration timeout = settings.millis("ANTHROPIC_TIMEOUT_MS", 10_000);
        AnthropicOkHttpClient.Builder client = AnthropicOkHttpClient.builder()
                .apiKey(apiKey)
                .timeout(Timeout.builder().connect(timeout).read(timeout).write(timeout).request(timeout).build())
                .maxRetries(settings.integer("ANTHROPIC_MAX_RETRIES", 2));
        String baseUrl = settings.get("ANTHROPIC_BASE_URL", null);
        if (baseUrl != null) {
            client.baseUrl(baseUrl);
        }
        return new ClaudeResponder(client.build(),
                settings.get("ANTHROPIC_MODEL", "claude-sonnet-4-5"),
                settings.integer("ANTHROPIC_MAX_TOKENS", 1024),
                timeout,
                settings.millis("ANTHROPIC_DEADLINE_MS", 25_000),
                settings.integer("ANTHROPIC_MAX_TOOL_ROUNDS", 3),
                records);
    }

    @Bean
    ReplyEngine replyEngine(PlugCatalog catalog, Retriever retriever, Responder chatResponder) {
        return new ReplyEngine(catalog, retriever, chatResponder);
    }

    @Bean
    ReplyPriming replyPriming(ReplyEngine replyEngine, PlugCatalog catalog, Responder chatResponder) {
        return new ReplyPriming(replyEngine, catalog, chatResponder);
    }

    @Bean
    ChatService chatService(ReplyEngine replyEngine, Entitlements entitlements, ChatSessions chatSessions,
            UsageMeter usageMeter, Specialisations specialisations) {
        return new ChatService(replyEngine, entitlements, chatSessions, usageMeter, specialisations);
    }

    /** {@code replyPriming} is asked for so that the (lazy) priming resource exists before a SnapStart snapshot. */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> chat(HttpFunctions http, ChatService chatService,
            ReplyPriming replyPriming) {
        // Priming's probe tenant subscribes to nothing, so chat refuses it (402) before reserving usage or writing a turn.
        return http.route(Route.post(MAX_BODY_BYTES).primedThroughEndpoint(PRIMING_QUESTION), chatService::handle);
    }
}
