package com.smeplug.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What an answer rests on. {@code kind} is {@code passage} (a knowledge-pack passage, {@code passage_id} set),
 * {@code crm} / {@code erp} (the tenant's own records; {@code source} is the connector's source, {@code sample} for
 * sample data) or {@code specialisation} (the tenant's published specialisation).
 */
public record Citation(String title, String source, String excerpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) String passageId, String kind) {

    public static final String PASSAGE = "passage";
    public static final String CRM = "crm";
    public static final String ERP = "erp";
    public static final String SPECIALISATION = "specialisation";
}
