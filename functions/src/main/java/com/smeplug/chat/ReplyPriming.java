package com.smeplug.chat;

import java.util.List;
import java.util.Optional;

import com.smeplug.platform.lambda.PrimingWork;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;

/**
 * SnapStart priming of the reply path, which priming's requests never reach (their probe tenant subscribes to no
 * plug, so chat refuses it as routing begins): a few subject questions are routed and retrieved over every plug,
 * and answered by the offline responder. Nothing is read from or written to any store and no model is called:
 * record questions and specialisations are left out, and with Claude switched on only routing and retrieval run.
 */
public final class ReplyPriming implements PrimingWork {

    static final List<String> QUESTIONS = List.of(
            "How long do we have to notify a GDPR data breach?",
            "What are the HIPAA technical safeguards?",
            "What does W18x35 mean?");

    private final ReplyEngine engine;
    private final PlugCatalog catalog;
    private final boolean answer;

    public ReplyPriming(ReplyEngine engine, PlugCatalog catalog, Responder responder) {
        this.engine = engine;
        this.catalog = catalog;
        this.answer = responder instanceof OfflineResponder;
        PrimingWork.register(this);
    }

    @Override
    public void prime() {
        answerPrimingQuestions();
    }

    /** Runs the reply path for the priming questions; returns how many answers were made. */
    int answerPrimingQuestions() {
        List<String> plugs = catalog.all().stream().map(Plug::plugId).toList();
        int answered = 0;
        for (String question : QUESTIONS) {
            PlugChoice choice = engine.route(null, plugs, question, null, null);
            if (answer) {
                engine.answer("priming-probe", choice, question, null, List.of(), Optional.empty());
                answered++;
            }
        }
        return answered;
    }
}
