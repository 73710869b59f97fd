package com.smeplug.integrations;

import com.smeplug.integrations.connector.Account;
import com.smeplug.integrations.connector.SupportCase;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's CRM account and its open cases as served (the spec's SalesforceResponse, also what the chat agent
 * reads): which source answered, whether it is sample data, when it was read, and whether it is a stale snapshot
 * served because the system could not be reached.
 */
public record AccountCases(Account account, List<SupportCase> openCases, boolean mockMode, String source,
        Instant syncedAt, boolean stale) {
}
