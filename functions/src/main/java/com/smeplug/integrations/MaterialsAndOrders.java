package com.smeplug.integrations;

import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's ERP materials with stock and its purchase orders as served (the spec's SAPResponse, also what the chat
 * agent reads), with the same provenance as {@link AccountCases}.
 */
public record MaterialsAndOrders(List<Material> materials, List<PurchaseOrder> purchaseOrders, boolean mockMode,
        String source, Instant syncedAt, boolean stale) {
}
