package com.smeplug.chat;

import java.util.List;
import java.util.Optional;

import com.smeplug.answers.Terms;
import com.smeplug.billing.Entitlements;
import com.smeplug.finetune.Specialisations;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.usage.UsageMeter;
import com.smeplug.usage.UsageMeter.Reservation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /chat}: validates the request, picks the plug, loads the session, reserves one query of the quota,
 * answers, stores the turn and meters the answered request with its plug and tokens. Anything that fails after the
 * reservation releases it, so a failed answer is never counted; a request id answered before gets its stored
 * response again and is not counted twice.
 */
final class ChatService {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    /** Turns of the session given to the responder as context. */
    static final int HISTORY_TURNS = 6;
    /** A message with at most this many content terms is a follow-up: the previous question helps retrieval. */
    static final int FOLLOW_UP_TERMS = 4;

    private final ReplyEngine engine;
    private final Entitlements entitlements;
    private final ChatSessions sessions;
    private final UsageMeter meter;
    private final Specialisations specialisations;

    public ChatService(ReplyEngine engine, Entitlements entitlements, ChatSessions sessions, UsageMeter meter,
            Specialisations specialisations) {
        this.engine = engine;
        this.entitlements = entitlements;
        this.sessions = sessions;
        this.meter = meter;
        this.specialisations = specialisations;
    }

    public ApiResponse handle(ApiRequest request) {
        String tenant = request.tenant();
        ChatRequest body = ChatInput.parse(request);
        String requestId = ChatInput.requestId(request);
        String message = body.message().strip();

        // 402 without a usable subscription: none, ended after a cancellation, or unpaid past the grace
        List<String> subscribed = entitlements.require(tenant).plugIds();
        String sessionId = body.sessionId();
        List<Turn> history = List.of();
        if (sessionId != null) {
            history = sessions.recent(tenant, sessionId, HISTORY_TURNS);
            if (history.isEmpty()) {
                throw ApiException.notFound("session_not_found", "no session " + sessionId + " (it may have expired)");
            }
        }
        else {
            sessionId = ChatSessions.newSessionId();
        }
        Turn last = history.isEmpty() ? null : history.get(history.size() - 1);
        String context = last != null && Terms.of(message).size() <= FOLLOW_UP_TERMS ? last.message() : null;
        PlugChoice choice = engine.route(body.activePlug(), subscribed, message, context,
                last == null ? null : last.plugId());
        String plugId = choice.plugId();

        Reservation reservation = meter.reserve(tenant, requestId);
        if (reservation.alreadyCounted()) {
            Optional<ChatResponse> earlier = sessions.answered(tenant, requestId);
            if (earlier.isPresent()) {
                return ApiResponse.ok(earlier.get());
            }
        }
        try {
            Optional<Specialisation> specialisation = specialisations.published(tenant, plugId);
            Answer answer = engine.answer(tenant, choice, message, context, history, specialisation);
            ChatResponse response = new ChatResponse(answer.reply(), sessionId, plugId, answer.citations(),
                    answer.model(), answer.answerSource(), answer.mockMode(), answer.source(),
                    new ChatResponse.TokenCounts(answer.tokens().inputTokens(), answer.tokens().outputTokens()),
                    choice.routing());
            sessions.append(tenant, sessionId, last == null ? 0 : last.number(), requestId, message, response);
            if (!reservation.alreadyCounted()) {
                meter.record(reservation, plugId, answer.tokens());
            }
            log.info("chat answered request_id={} plug={} routing={} model={} citations={} input_tokens={} output_tokens={}",
                    requestId, plugId, choice.routing(), answer.model(), answer.citations().size(),
                    answer.tokens().inputTokens(), answer.tokens().outputTokens());
            return ApiResponse.ok(response);
        }
        catch (RuntimeException failure) {
            if (!reservation.alreadyCounted()) {
                try {
                    meter.release(reservation);
                }
                catch (RuntimeException releaseFailure) {
                    failure.addSuppressed(releaseFailure);
                }
            }
            throw failure;
        }
    }
}
