package com.smeplug.integrations.connector;

import java.time.LocalDate;

/** An open support case of a tenant's account, as its CRM holds it. */
public record SupportCase(String caseId, String subject, String status, String priority, LocalDate createdDate,
        String accountName) {
}
