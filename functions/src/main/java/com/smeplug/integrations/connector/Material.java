package com.smeplug.integrations.connector;

import java.math.BigDecimal;

/** A material a tenant's ERP holds in stock at its plant. */
public record Material(String materialId, String description, BigDecimal stockQuantity, String unit, String plant,
        BigDecimal valuation) {
}
