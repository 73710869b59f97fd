package com.smeplug.integrations.connector;

import java.util.List;

/** What an ERP holds for one tenant: materials with stock at its plant, and its company's purchase orders. */
public record ErpRecords(List<Material> materials, List<PurchaseOrder> purchaseOrders) {
}
