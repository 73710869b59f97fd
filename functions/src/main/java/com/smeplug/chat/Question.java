package com.smeplug.chat;

import java.util.List;
import java.util.Optional;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;

/**
 * Everything a responder needs to answer one message: the tenant (from the token), the plug and its persona, the
 * session's recent turns (oldest first), the retrieved passages of that plug (best first) and the tenant's published
 * specialisation for the plug, if any.
 */
record Question(String tenantId, Plug plug, String message, List<Turn> history, List<Hit> passages,
        Optional<Specialisation> specialisation) {

    /**
     * The model a real-LLM responder calls for this question: the deployment of the tenant's active custom model for
     * this plug when there is one (fine-tune's port decides, see {@code Specialisations#servingModel}), else
     * {@code baseModel}. The one place a responder takes its model id from.
     */
    public String modelId(String baseModel) {
        return specialisation.map(Specialisation::deploymentArn).orElse(baseModel);
    }
}
