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
public record Question(String tenantId, Plug plug, String message, List<Turn> history, List<Hit> passages,
        Optional<Specialisation> specialisation) {
}
