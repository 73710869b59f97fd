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
 * Words that name records only in some senses are read by intent: idioms such as "worst case", "in any case", "case
 * law", "in what order" or "court order" are removed before the keywords are looked at, so a legal or clinical
 * question using them never goes to the CRM or ERP.
 */
record RecordQuestion(boolean crm, boolean erpDefinite, boolean erpPossible, boolean purchaseOrders) {

    static final RecordQuestion NONE = new RecordQuestion(false, false, false, false);

    private static final Pattern WORD = Pattern.compile("[^a-z0-9#]+");
    /** "case" and "order" in senses that are not a CRM case or a purchase order. */
    private static final Pattern IDIOMS = Pattern.compile("\\b(?:"
            + "(?:worst|best|base|edge|use|test|court|legal|strong|weak|prima facie|this|that|which|any|each|every|"
            + "either|no|one|such|such a|in|in any|in this|in that|in which|in such a|just in|upper|lower|special)"
            + "[ -]cases?"
            + "|cases?[ -](?:law|laws|studies|study|by[ -]case|precedent|precedents|citations?|files?)"
            + "|in (?:what|which|the right|the wrong|the same|this|that|reverse) order|in order (?:to|for|of)"
            + "|order (?:of|in which)|(?:court|restraining|protective|gag|executive|consent|work|change|stop[ -]work"
            + "|doctor'?s|physician'?s|standing|medication|lab|discovery|interim|final) orders?"
            + ")\\b");
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
        String lower = IDIOMS.matcher(message.toLowerCase(Locale.ROOT)).replaceAll(" ");
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
