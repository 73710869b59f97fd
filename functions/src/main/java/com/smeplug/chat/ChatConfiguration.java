package com.smeplug.chat;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.billing.Entitlements;
import com.smeplug.billing.Subscriptions;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.chat.knowledge.SentenceModel;
import com.smeplug.finetune.Specialisations;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.usage.UsageMeter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;

/** The chat feature's beans and the {@code chat} function ({@code POST /chat}). */
@Configuration(proxyBeanMethods = false)
public class ChatConfiguration {

    /** Enough for 8,000 characters even when every one is sent as a JSON escape; the message limit is checked after. */
    static final int MAX_BODY_BYTES = 128 * 1024;

    /** Priming's probe questions, one per plug, answered from the packs (the probe subscribes to every plug). */
    private static final String[] PROBE_QUESTIONS = {
            "{\"message\":\"How long do we have to notify a GDPR data breach?\"}",
            "{\"message\":\"What are the HIPAA technical safeguards?\"}",
            "{\"message\":\"What does W18x35 mean?\"}"};

    /**
     * Built once per container (in the Lambda init phase, so SnapStart snapshots it): the sentence model (from the
     * embeddings layer's files, SENTENCE_MODEL_DIR), the BM25 index of the packs and their build-time passage vectors.
     */
    @Bean
    Retriever retriever(PlugCatalog catalog, Settings settings) {
        return Retriever.build(KnowledgePacks.load(catalog.all().stream().map(Plug::plugId).toList()),
                SentenceModel.load(settings));
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
     * {@code USE_REAL_LLM=true}: a model on Amazon Bedrock through the Converse API, with the function's IAM role
     * ({@code LLM_MODEL_ID}, default Claude Sonnet 4.5's US inference profile, or a tenant's deployed custom model's
     * ARN; {@code LLM_MAX_TOKENS}; {@code LLM_TIMEOUT_MS} per attempt; {@code LLM_MAX_RETRIES} on throttling and
     * 5xx; {@code LLM_DEADLINE_MS} for the whole answer, tool rounds included; {@code BEDROCK_RUNTIME_ENDPOINT} to
     * point it elsewhere). Otherwise the offline, extractive responder.
     */
    @Bean
    Responder chatResponder(Settings settings, TenantRecords records, AwsClients clients) {
        if (!settings.flag("USE_REAL_LLM")) {
            return new OfflineResponder(records);
        }
        Duration attempt = settings.millis("LLM_TIMEOUT_MS", 10_000);
        Duration deadline = settings.millis("LLM_DEADLINE_MS", 25_000);
        BedrockRuntimeClient client = clients.configure(BedrockRuntimeClient.builder(), settings.get("BEDROCK_RUNTIME_ENDPOINT", null))
                // A model takes seconds to answer: its own HTTP client, reading as long as an attempt may take.
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(settings.millis("AWS_CONNECT_TIMEOUT_MS", 2_000))
                        .socketTimeout(attempt)
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(settings.integer("LLM_MAX_RETRIES", 2) + 1).build())
                        .apiCallAttemptTimeout(attempt)
                        .apiCallTimeout(deadline)
                        .build())
                .build();
        return new BedrockResponder(client,
                settings.get("LLM_MODEL_ID", "us.anthropic.claude-sonnet-4-5-20250929-v1:0"),
                settings.integer("LLM_MAX_TOKENS", 1024),
                attempt,
                deadline,
                settings.integer("LLM_MAX_TOOL_ROUNDS", 3),
                new RecordTools(records),
                new OfflineResponder(records));
    }

    @Bean
    ReplyEngine replyEngine(PlugCatalog catalog, Retriever retriever, Responder chatResponder) {
        return new ReplyEngine(catalog, retriever, chatResponder);
    }

    @Bean
    ChatService chatService(ReplyEngine replyEngine, Entitlements entitlements, ChatSessions chatSessions,
            UsageMeter usageMeter, Specialisations specialisations) {
        return new ChatService(replyEngine, entitlements, chatSessions, usageMeter, specialisations);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> chat(HttpFunctions http, ChatService chatService) {
        return http.route(Route.post(MAX_BODY_BYTES).probedWith(PROBE_QUESTIONS), chatService::handle);
    }
}
