package com.smeplug.integrations.erp;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.smeplug.integrations.connector.ErpConnector;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;
import com.smeplug.integrations.connector.SampleConnector;
import tools.jackson.core.type.TypeReference;

/**
 * The built-in ERP records of the sample tenants ({@code integrations/sample/erp.json}). Valuations and order totals
 * are computed from the sample quantities and unit prices, the way the real connector computes them from SAP's;
 * delivery dates are counted from today.
 */
public final class SampleErp extends SampleConnector<SampleErp.SamplePlant, ErpRecords> implements ErpConnector {

    record SamplePlant(String plant, List<SampleMaterial> materials, List<SampleOrder> purchaseOrders) {
    }

    record SampleMaterial(String materialId, String description, BigDecimal stockQuantity, String unit,
            BigDecimal unitPrice) {
    }

    record SampleOrder(String poId, String vendorName, String status, int deliveryInDays, List<SampleItem> items) {
    }

    record SampleItem(BigDecimal quantity, BigDecimal unitPrice) {
    }

    SampleErp(Map<String, SamplePlant> plants, Clock clock) {
        super(plants, clock, "ERP");
    }

    public static SampleErp load(Clock clock) {
        return new SampleErp(load("/integrations/sample/erp.json", new TypeReference<Map<String, SamplePlant>>() { }),
                clock);
    }

    @Override
    protected ErpRecords records(SamplePlant sample, LocalDate today) {
        List<Material> materials = sample.materials().stream()
                .map(m -> new Material(m.materialId(), m.description(), m.stockQuantity(), m.unit(),
                        sample.plant(), money(m.stockQuantity().multiply(m.unitPrice()))))
                .toList();
        List<PurchaseOrder> orders = sample.purchaseOrders().stream()
                .map(o -> new PurchaseOrder(o.poId(), o.vendorName(),
                        money(o.items().stream().map(i -> i.quantity().multiply(i.unitPrice()))
                                .reduce(BigDecimal.ZERO, BigDecimal::add)),
                        o.status(), today.plusDays(o.deliveryInDays()), o.items().size()))
                .toList();
        return new ErpRecords(materials, orders);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
