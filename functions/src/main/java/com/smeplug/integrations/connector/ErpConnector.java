package com.smeplug.integrations;

/** The ERP port: {@code SampleErp} or {@code SapErp}, chosen once at start-up by USE_REAL_SAP. */
public interface ErpConnector extends Connector<ErpRecords> {
}
