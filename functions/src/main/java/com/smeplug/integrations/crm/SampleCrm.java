package com.smeplug.integrations.crm;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.smeplug.integrations.connector.Account;
import com.smeplug.integrations.connector.CrmConnector;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.SampleConnector;
import com.smeplug.integrations.connector.SupportCase;
import tools.jackson.core.type.TypeReference;

/**
 * The built-in CRM records of the sample tenants ({@code integrations/sample/crm.json}), with case dates counted back
 * from today. Closed cases are kept in the data and left out of the open cases, as the real query does.
 */
public final class SampleCrm extends SampleConnector<SampleCrm.SampleAccount, CrmRecords> implements CrmConnector {

    record SampleAccount(Account account, List<SampleCase> cases) {
    }

    record SampleCase(String caseId, String subject, String status, String priority, int createdDaysAgo, boolean closed) {
    }

    SampleCrm(Map<String, SampleAccount> accounts, Clock clock) {
        super(accounts, clock, "CRM");
    }

    public static SampleCrm load(Clock clock) {
        return new SampleCrm(load("/integrations/sample/crm.json", new TypeReference<Map<String, SampleAccount>>() { }),
                clock);
    }

    @Override
    protected CrmRecords records(SampleAccount sample, LocalDate today) {
        List<SupportCase> open = sample.cases().stream()
                .filter(c -> !c.closed())
                .sorted(Comparator.comparingInt(SampleCase::createdDaysAgo))
                .map(c -> new SupportCase(c.caseId(), c.subject(), c.status(), c.priority(),
                        today.minusDays(c.createdDaysAgo()), sample.account().name()))
                .toList();
        return new CrmRecords(sample.account(), open);
    }
}
