package com.smeplug.integrations;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** SAPResponse of the spec: the tenant's ERP materials with stock, and its purchase orders. */
public record SapView(List<Material> materials, List<PurchaseOrder> purchaseOrders, boolean mockMode, String source,
        Instant syncedAt, boolean stale) {

    public record Material(String materialId, String description, BigDecimal stockQuantity, String unit, String plant,
            BigDecimal valuation) {
    }

    public record PurchaseOrder(String poId, String vendorName, BigDecimal totalAmount, String status,
            LocalDate deliveryDate, int lineItems) {
    }
}
