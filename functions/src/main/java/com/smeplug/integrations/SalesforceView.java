package com.smeplug.integrations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** SalesforceResponse of the spec: the tenant's CRM account and its open cases. */
public record SalesforceView(Account account, List<SupportCase> openCases, boolean mockMode, String source,
        Instant syncedAt, boolean stale) {

    public record Account(String accountId, String name, String industry, BigDecimal annualRevenue,
            Integer employeeCount, String phone, String website) {
    }

    public record SupportCase(String caseId, String subject, String status, String priority, LocalDate createdDate,
            String accountName) {
    }
}
