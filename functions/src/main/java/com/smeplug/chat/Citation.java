package com.smeplug.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.smeplug.chat.knowledge.Passage;

/**
 * What an answer rests on, each saying where it comes from (SPEC §1): {@code source} is {@code knowledge_pack} for a
 * knowledge-pack passage ({@code kind} {@code passage}, with {@code passage_id} and the rule it states as
 * {@code reference}), the connector's source for the tenant's own records ({@code crm} / {@code erp}: {@code sample}
 * for sample data, else the real system) or {@code specialisation} for the tenant's published specialisation;
 * {@code mock_mode} is true exactly when the cited item is sample data.
 */
record Citation(String title, String source, boolean mockMode, String excerpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String passageId, String kind,
        @JsonInclude(JsonInclude.Include.NON_NULL) String reference) {

    public static final String PASSAGE = "passage";
    public static final String CRM = "crm";
    public static final String ERP = "erp";
    public static final String SPECIALISATION = "specialisation";

    /** The source of passage citations: the plug's knowledge pack, shipped with the product (not sample data). */
    public static final String KNOWLEDGE_PACK = "knowledge_pack";

    static Citation passage(Passage passage, String excerpt) {
        return new Citation(passage.title(), KNOWLEDGE_PACK, false, excerpt, passage.id(), PASSAGE, passage.source());
    }

    /** A CRM or ERP item, labelled as the connector that read it is (sample data or the real system). */
    static Citation record(String kind, String title, String source, boolean mockMode, String excerpt) {
        return new Citation(title, source, mockMode, excerpt, null, kind, null);
    }

    static Citation specialisation(String title, String modelId, String excerpt) {
        return new Citation(title, SPECIALISATION, false, excerpt, null, SPECIALISATION, "specialisation " + modelId);
    }
}
