package com.smeplug.integrations.crm;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.smeplug.integrations.CrmConnector;
import com.smeplug.integrations.CrmRecords;
import com.smeplug.integrations.SalesforceView;
import com.smeplug.integrations.SampleData;
import com.smeplug.platform.tenant.Tenant;
import tools.jackson.core.type.TypeReference;

/**
 * The built-in CRM records of the sample tenants ({@code integrations/sample/crm.json}), with case dates counted back
 * from today. Closed cases are kept in the data and left out of the open cases, as the real query does.
 */
public final class SampleCrm implements CrmConnector {

    record SampleAccount(SalesforceView.Account account, List<SampleCase> cases) {
    }

    record SampleCase(String caseId, String subject, String status, String priority, int createdDaysAgo, boolean closed) {
    }

    private final Map<String, SampleAccount> accounts;
    private final Clock clock;

    SampleCrm(Map<String, SampleAccount> accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public static SampleCrm load(Clock clock) {
        return new SampleCrm(SampleData.load("/integrations/sample/crm.json",
                new TypeReference<Map<String, SampleAccount>>() { }), clock);
    }

    @Override
    public String source() {
        return "sample";
    }

    @Override
    public boolean mockMode() {
        return true;
    }

    @Override
    public String reference(Tenant tenant) {
        SampleData.requireSampleTenant(tenant, accounts.containsKey(tenant.tenantId()), "CRM");
        return "sample:" + tenant.tenantId();
    }

    @Override
    public CrmRecords fetch(Tenant tenant) {
        reference(tenant);
        SampleAccount sample = accounts.get(tenant.tenantId());
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        List<SalesforceView.SupportCase> open = sample.cases().stream()
                .filter(c -> !c.closed())
                .sorted(Comparator.comparingInt(SampleCase::createdDaysAgo))
                .map(c -> new SalesforceView.SupportCase(c.caseId(), c.subject(), c.status(), c.priority(),
                        today.minusDays(c.createdDaysAgo()), sample.account().name()))
                .toList();
        return new CrmRecords(sample.account(), open);
    }
}
