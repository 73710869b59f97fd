package com.smeplug.integrations.connector;

/** The CRM port: {@code SampleCrm} or {@code SalesforceCrm}, chosen once at start-up by USE_REAL_SALESFORCE. */
public interface CrmConnector extends Connector<CrmRecords> {
}
