package com.smeplug.integrations.connector;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A purchase order of a tenant's company, as its ERP holds it. */
public record PurchaseOrder(String poId, String vendorName, BigDecimal totalAmount, String status,
        LocalDate deliveryDate, int lineItems) {
}
