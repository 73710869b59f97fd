package com.smeplug.chat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.integrations.AccountCases;
import com.smeplug.integrations.MaterialsAndOrders;
import com.smeplug.integrations.TenantRecords;
import com.smeplug.integrations.connector.Account;
import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;
import com.smeplug.integrations.connector.SupportCase;
import com.smeplug.platform.http.ApiException;

/** An in-test stand-in for the connector port: records per tenant, 404 not_connected for anyone else. */
final class FakeTenantRecords implements TenantRecords {

    static final Instant SYNCED = Instant.parse("2026-01-05T10:00:00Z");

    final Map<String, AccountCases> crm = new HashMap<>();
    final Map<String, MaterialsAndOrders> erp = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    static FakeTenantRecords withSampleTenants() {
        FakeTenantRecords records = new FakeTenantRecords();
        records.crm.put("hospital_beta", new AccountCases(
                new Account("001HB", "Hospital Beta Health System", "Healthcare", new BigDecimal("142000000"),
                        2340, null, null),
                List.of(new SupportCase("00001027", "EHR integration setup", "Working", "High",
                                LocalDate.parse("2025-12-01"), "Hospital Beta Health System"),
                        new SupportCase("00001031", "HIPAA audit support", "New", "Medium",
                                LocalDate.parse("2025-12-15"), "Hospital Beta Health System")),
                true, "sample", SYNCED, false));
        records.crm.put("lawfirm_alpha", new AccountCases(
                new Account("001LA", "LawFirm Alpha LLP", "Legal Services", new BigDecimal("28500000"), 142,
                        null, null),
                List.of(new SupportCase("00002001", "GDPR compliance review", "New", "High",
                        LocalDate.parse("2025-11-20"), "LawFirm Alpha LLP")),
                true, "sample", SYNCED, false));
        records.erp.put("hospital_beta", new MaterialsAndOrders(
                List.of(new Material("MAT-NG-100", "Nitrile gloves", new BigDecimal("48000"), "EA", "2010",
                                new BigDecimal("9600.00")),
                        new Material("MAT-IV-500", "IV saline 500 ml", new BigDecimal("3200"), "EA", "2010",
                                new BigDecimal("4800.00"))),
                List.of(new PurchaseOrder("4500001201", "Medline", new BigDecimal("18250.50"), "Open",
                        LocalDate.parse("2026-01-20"), 3)),
                true, "sample", SYNCED, false));
        records.erp.put("buildco_gamma", new MaterialsAndOrders(
                List.of(new Material("MAT-RB-5", "#5 rebar", new BigDecimal("12500"), "LB", "3010",
                        new BigDecimal("8125.00"))),
                List.of(), true, "sample", SYNCED, false));
        return records;
    }

    @Override
    public AccountCases crm(String tenantId) {
        calls.incrementAndGet();
        AccountCases view = crm.get(tenantId);
        if (view == null) {
            throw ApiException.notFound("not_connected", "no CRM connection for this tenant");
        }
        return view;
    }

    @Override
    public MaterialsAndOrders erp(String tenantId) {
        calls.incrementAndGet();
        MaterialsAndOrders view = erp.get(tenantId);
        if (view == null) {
            throw ApiException.notFound("not_connected", "no ERP connection for this tenant");
        }
        return view;
    }
}
