package com.smeplug.integrations.connector;

/** The ERP port: {@code SampleErp} or {@code SapErp}, chosen once at start-up by USE_REAL_SAP. */
public interface ErpConnector extends Connector<ErpRecords> {
}
