package com.smeplug.answers;

/**
 * The answer the product gives for a plug without any specialisation: chat's offline answer (retrieval over the plug's
 * knowledge pack and the extractive responder), with the plug chosen and no tenant records. Chat implements it;
 * fine-tune scores a specialisation against it, so the baseline is what a user would have got instead.
 */
public interface UnspecialisedAnswers {

    /** The reply text, exactly as chat would return it for {@code question} to {@code plugId} with no specialisation. */
    String answer(String plugId, String question);
}
