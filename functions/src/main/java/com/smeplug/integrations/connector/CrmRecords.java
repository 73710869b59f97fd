package com.smeplug.integrations.connector;

import java.util.List;

/** What a CRM holds for one tenant: its account and the account's open cases. */
public record CrmRecords(Account account, List<SupportCase> openCases) {
}
