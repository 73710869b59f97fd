package com.smeplug.chat;

import java.util.List;
import java.util.Optional;

import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.integrations.AccountCases;
import com.smeplug.integrations.MaterialsAndOrders;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;

/**
 * Chat's side of {@link UnspecialisedAnswers}: the same {@link ReplyEngine} and {@link OfflineResponder} chat answers
 * with when no model is switched on, with the plug requested, no history, no specialisation and no tenant records (a
 * question about records gets the reply of a tenant with no connection and no sample data).
 */
final class OfflineAnswers implements UnspecialisedAnswers {

    /** No tenant's records are read: every lookup is the 404 {@code not_connected} a tenant without any gets. */
    static final TenantRecords NO_RECORDS = new TenantRecords() {
        @Override
        public AccountCases crm(String tenantId) {
            throw ApiException.notFound("not_connected", "no tenant records in an un-specialised answer");
        }

        @Override
        public MaterialsAndOrders erp(String tenantId) {
            throw ApiException.notFound("not_connected", "no tenant records in an un-specialised answer");
        }
    };

    private final ReplyEngine engine;

    OfflineAnswers(PlugCatalog catalog, Retriever retriever) {
        this.engine = new ReplyEngine(catalog, retriever, new OfflineResponder(NO_RECORDS));
    }

    @Override
    public String answer(String plugId, String question) {
        return engine.answer(null, new PlugChoice(plugId, "requested"), question, null, List.of(), Optional.empty()).reply();
    }
}
