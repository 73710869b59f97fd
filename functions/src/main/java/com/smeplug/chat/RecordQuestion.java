package com.smeplug.chat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether a message asks about the tenant's own records rather than the plug's subject, found by intent keywords.
 * A <em>definite</em> question ("what are our open cases?", "purchase orders", "stock of gloves") is answered from
 * the connectors whatever they hold; a <em>possible</em> one ("how much rebar do we have?") only when the tenant's
 * records actually mention what it asks about, so "how many days do we have to notify?" stays a knowledge question.
 */
record RecordQuestion(boolean crm, boolean erpDefinite, boolean erpPossible, boolean purchaseOrders) {

    static final RecordQuestion NONE = new RecordQuestion(false, false, false, false);

    private static final Pattern WORD = Pattern.compile("[^a-z0-9#]+");
    private static final Set<String> OWNERSHIP = Set.of("our", "we", "us", "my", "ours", "i");
    private static final Set<String> CRM_SYSTEMS = Set.of("salesforce", "crm");
    private static final Set<String> CRM_NOUNS = Set.of("cases", "tickets", "case", "ticket");
    private static final Set<String> ERP_SYSTEMS = Set.of("sap", "erp");
    private static final Set<String> ERP_DEFINITE = Set.of("stock", "stocks", "inventory", "inventories");
    private static final Set<String> ERP_NOUNS = Set.of("materials", "material", "supplies", "supply", "vendor",
            "vendors", "supplier", "suppliers", "orders", "order", "deliveries", "delivery", "warehouse", "plant");

    boolean any() {
        return crm || erpDefinite || erpPossible || purchaseOrders;
    }

    boolean erp() {
        return erpDefinite || erpPossible || purchaseOrders;
    }

    static RecordQuestion classify(String message) {
        String lower = message.toLowerCase(Locale.ROOT);
        Set<String> words = new HashSet<>(Arrays.asList(WORD.split(lower)));
        boolean owned = words.stream().anyMatch(OWNERSHIP::contains);
        boolean crm = words.stream().anyMatch(CRM_SYSTEMS::contains)
                || (words.stream().anyMatch(CRM_NOUNS::contains) && (owned || words.contains("open")))
                || lower.contains("our account") || lower.contains("account details");
        boolean purchaseOrders = lower.contains("purchase order") || words.contains("pos")
                || (words.contains("po") && !words.contains("box"));
        boolean erpDefinite = purchaseOrders || words.stream().anyMatch(ERP_SYSTEMS::contains)
                || words.stream().anyMatch(ERP_DEFINITE::contains) || lower.contains("on hand");
        boolean quantity = lower.contains("how much") || lower.contains("how many");
        boolean erpPossible = !erpDefinite && owned && (quantity || words.stream().anyMatch(ERP_NOUNS::contains));
        return new RecordQuestion(crm, erpDefinite, erpPossible, purchaseOrders);
    }
}
