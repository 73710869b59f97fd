package com.smeplug.integrations;

/**
 * Integrations' port for the other features (the chat agent): a tenant's CRM and ERP records, from the sample data
 * or the real system, whichever this deployment is switched to. Throws {@code ApiException} 404
 * {@code not_connected} for a tenant with neither sample data nor a configured connection, 502/504 when the
 * upstream fails and no snapshot exists.
 */
public interface TenantRecords {

    AccountCases crm(String tenantId);

    MaterialsAndOrders erp(String tenantId);
}
